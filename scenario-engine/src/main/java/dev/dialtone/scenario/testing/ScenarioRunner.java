package dev.dialtone.scenario.testing;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dialtone.core.ScriptChecker.ScriptProblem;
import dev.dialtone.scenario.SessionLogEntry;

/**
 * {@code ./dialtone run <scenario.js>... [--dial S] [--caller ID] [--display-name N] [--header K=V]
 * [--dtmf DIGITS] [--message TEXT] [--for 90s]}: runs the scenarios (concatenated in the given
 * order) for one inbound call on the test kit, without a server, and prints the timeline. Exits 1
 * with file:line when a scenario does not parse or stops on an error, 2 on bad arguments.
 */
public final class ScenarioRunner {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    private ScenarioRunner() {
    }

    public static void main(String[] args) {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> files = new ArrayList<>();
        String dial = "test";
        String caller = "tester";
        String displayName = "";
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> dtmf = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        Duration runFor = Duration.ofSeconds(60);
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--dial" -> dial = value(args, ++i, a);
                    case "--caller" -> caller = value(args, ++i, a);
                    case "--display-name" -> displayName = value(args, ++i, a);
                    case "--header" -> {
                        String kv = value(args, ++i, a);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--header wants NAME=VALUE, got " + kv);
                        }
                        headers.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    case "--dtmf" -> dtmf.add(value(args, ++i, a));
                    case "--message" -> messages.add(value(args, ++i, a));
                    case "--for" -> runFor = duration(value(args, ++i, a));
                    case "-h", "--help" -> {
                        out.println("usage: ./dialtone run <scenario.js>... [--dial S] [--caller ID] [--display-name N]"
                                + " [--header K=V] [--dtmf DIGITS] [--message TEXT] [--for 90s]");
                        return 0;
                    }
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        files.add(Path.of(a));
                    }
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("name at least one scenario file");
            }
            for (Path f : files) {
                if (!Files.isReadable(f)) {
                    throw new IllegalArgumentException("cannot read " + f);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("dialtone run: " + e.getMessage());
            return 2;
        }

        ScenarioHarness.Builder b = ScenarioHarness.builder();
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            b.scenarioFile(f);
            names.add(f.getFileName().toString());
        }
        b.rule(".*", names.toArray(String[]::new));
        try (ScenarioHarness h = b.build()) {
            for (Path f : files) {
                var problem = h.engine().scriptChecker().check(f.getFileName().toString(), Files.readString(f));
                if (problem.isPresent()) {
                    ScriptProblem p = problem.get();
                    err.println(f + ":" + p.line() + ":" + p.column() + ": " + p.message());
                    return 1;
                }
            }
            FakeCallLeg call = h.call(dial, caller, displayName, headers);
            h.advance(Duration.ofSeconds(1));
            for (String digits : dtmf) {
                call.pressDigits(digits);
                h.advance(Duration.ofSeconds(1));
            }
            for (String m : messages) {
                call.sendMessageFromCaller(m);
                h.advance(Duration.ofSeconds(1));
            }
            Duration spent = Duration.ofSeconds(1L + dtmf.size() + messages.size());
            if (runFor.compareTo(spent) > 0) {
                h.advance(runFor.minus(spent));
            }
            out.println("# sandbox runtime: " + h.engine().runtimeName());
            out.print(h.timeline());
            for (SessionLogEntry e : h.sessionLog()) {
                if (e.kind() == SessionLogEntry.Kind.SCRIPT_ERROR && e.text().startsWith("stopped")) {
                    err.println("scenario error: " + e.text());
                    return 1;
                }
            }
            return 0;
        } catch (java.io.IOException e) {
            err.println("dialtone run: " + e.getMessage());
            return 2;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static Duration duration(String s) {
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration like 90s, 1500ms or 2m: " + s);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
