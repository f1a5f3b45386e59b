package dev.dialtone.platform.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.dialtone.core.ScriptChecker;

/**
 * A small {@link ScriptChecker} for tests of modules that must not depend on the scenario engine:
 * reports unbalanced brackets and unterminated strings with their line and column. Not a JavaScript
 * parser; production uses the scenario engine's GraalJS checker.
 */
public final class BracketChecker implements ScriptChecker {
    private final List<String> prepared = new CopyOnWriteArrayList<>();

    /** Records it: see {@link #prepared()}. */
    @Override
    public void prepare(String scenarioName, String source) {
        prepared.add(scenarioName + ": " + source);
    }

    /** What {@link #prepare} was told so far, in order, each as {@code "name: source"}. */
    public List<String> prepared() {
        return List.copyOf(prepared);
    }

    @Override
    public Optional<ScriptProblem> check(String fileName, String source) {
        Deque<int[]> open = new ArrayDeque<>();
        int line = 1;
        int col = 0;
        char quote = 0;
        int[] quoteAt = null;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            col++;
            if (c == '\n') {
                if (quote != 0 && quote != '`') {
                    return Optional.of(new ScriptProblem(quoteAt[0], quoteAt[1], "unterminated string literal"));
                }
                line++;
                col = 0;
                continue;
            }
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                    col++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> {
                    quote = c;
                    quoteAt = new int[] {line, col};
                }
                case '(', '[', '{' -> open.push(new int[] {c, line, col});
                case ')', ']', '}' -> {
                    char want = c == ')' ? '(' : c == ']' ? '[' : '{';
                    if (open.isEmpty() || open.peek()[0] != want) {
                        return Optional.of(new ScriptProblem(line, col, "unexpected '" + c + "'"));
                    }
                    open.pop();
                }
                default -> {
                }
            }
        }
        if (quote != 0) {
            return Optional.of(new ScriptProblem(quoteAt[0], quoteAt[1], "unterminated string literal"));
        }
        if (!open.isEmpty()) {
            int[] o = open.peek();
            return Optional.of(new ScriptProblem(o[1], o[2], "'" + (char) o[0] + "' is never closed"));
        }
        return Optional.empty();
    }
}
