package dev.dialtone.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import com.google.re2j.Pattern;

import dev.dialtone.routing.Rule;
import dev.dialtone.routing.RoutingException;
import dev.dialtone.routing.RuleTable;

/**
 * {@code ./dialtone bench routing}: an application with 100 realistic rules (numbers, number
 * prefixes, conference and user names, a few excludes, a catch-all last). Measures one-thread
 * matches per second over a mix of dialed strings (early rules, late rules, the catch-all, no rule),
 * the compile time of the table and the time to compute its shadowed rules. For comparison, the
 * same mix through the first-cut engine (one RE2J pattern per rule, tried in order) in the same run.
 */
public final class RoutingBench {
    private static final double WARM_UP_SECONDS = 2;
    private static final double MEASURE_SECONDS = 1.5;

    private RoutingBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Rule> rules = rules();
        List<String> dialed = dialed(new Random(2024), 4096);
        Figures figures = new Figures("routing");
        figures.add("rules", rules.size() + " (" + rules.stream().filter(Rule::hasExclude).count() + " with exclude)");
        figures.add("dialed mix", dialed.size() + " strings, " + mixSummary(rules, dialed));

        long coldStart = System.nanoTime();
        RuleTable table = RuleTable.compile(rules);
        figures.add("compile 100 rules, first (cold JVM)", (System.nanoTime() - coldStart) / 1e6, "ms");
        figures.add("compile 100 rules, warm (median)", medianMillis(30, () -> RuleTable.compile(rules)), "ms");

        long shadowStart = System.nanoTime();
        int shadowedCount = table.shadowed().size();
        figures.add("shadowing of 100 rules, first", (System.nanoTime() - shadowStart) / 1e6, "ms");
        figures.add("shadowing of 100 rules, warm (median)",
                medianMillis(10, () -> RuleTable.compile(rules).shadowed()) - medianMillis(10, () -> RuleTable.compile(rules)), "ms");
        figures.add("shadowed / unanalysed rules", shadowedCount + " / " + table.unanalysed().size()
                + "  " + table.shadowed().stream().map(s -> s.rule().name() + " by "
                        + s.coveredBy().stream().map(Rule::name).toList()).toList());

        String[] inputs = dialed.toArray(String[]::new);
        runFor(WARM_UP_SECONDS, () -> matchAll(table, inputs));
        Rate[] rates = new Rate[3];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = measure(() -> matchAll(table, inputs), inputs.length);
        }
        figures.add("matches/s, one thread, wall clock", String.format(Locale.ROOT, "%,.0f .. %,.0f (min..max of 3)",
                Arrays.stream(rates).mapToDouble(Rate::perWallSecond).min().orElseThrow(),
                Arrays.stream(rates).mapToDouble(Rate::perWallSecond).max().orElseThrow()));
        figures.add("matches per CPU-second of the thread", String.format(Locale.ROOT, "%,.0f .. %,.0f (target >= 1,000,000 on one core)",
                Arrays.stream(rates).mapToDouble(Rate::perCpuSecond).min().orElseThrow(),
                Arrays.stream(rates).mapToDouble(Rate::perCpuSecond).max().orElseThrow()));

        List<Pattern[]> baseline = new ArrayList<>();
        for (Rule r : rules) {
            baseline.add(new Pattern[] {Pattern.compile(r.pattern()), r.hasExclude() ? Pattern.compile(r.excludePattern()) : null});
        }
        runFor(WARM_UP_SECONDS / 2, () -> baselineAll(baseline, inputs));
        Rate baselineRate = measure(() -> baselineAll(baseline, inputs), inputs.length);
        double best = Arrays.stream(rates).mapToDouble(Rate::perCpuSecond).max().orElseThrow();
        figures.add("baseline: RE2J per rule, in order", String.format(Locale.ROOT,
                "%,.0f matches per CPU-second (the automaton does %.0fx that)", baselineRate.perCpuSecond(),
                best / baselineRate.perCpuSecond()));
        // The same rules through a real node: native GetRules at 200 requests/s, open loop.
        RulesApiLatency.measure(figures);
        figures.print(System.out);
    }

    private static long matchAll(RuleTable table, String[] inputs) {
        long sum = 0;
        for (String s : inputs) {
            sum += table.match(s).map(Rule::id).orElse(-1L);
        }
        return sum;
    }

    private static long baselineAll(List<Pattern[]> rules, String[] inputs) {
        long sum = 0;
        for (String s : inputs) {
            for (int i = 0; i < rules.size(); i++) {
                Pattern[] r = rules.get(i);
                if (r[0].matches(s) && (r[1] == null || !r[1].matches(s))) {
                    sum += i;
                    break;
                }
            }
        }
        return sum;
    }

    private interface Work {
        Object run() throws RoutingException;
    }

    private static volatile Object sink;

    private static double medianMillis(int runs, Work work) throws RoutingException {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            sink = work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }

    private static void runFor(double seconds, Work work) throws RoutingException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            sink = work.run();
        }
    }

    /** Work done per second of wall clock and per second of this thread's CPU time (fairer on a busy machine). */
    private record Rate(double perWallSecond, double perCpuSecond) {
    }

    private static Rate measure(Work pass, int perPass) throws RoutingException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (MEASURE_SECONDS * 1e9);
        long passes = 0;
        long now;
        do {
            sink = pass.run();
            passes++;
            now = System.nanoTime();
        } while (now < end);
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        double done = (double) passes * perPass;
        return new Rate(done / ((now - start) / 1e9), done / (cpu / 1e9));
    }

    private static String mixSummary(List<Rule> rules, List<String> dialed) throws RoutingException {
        RuleTable table = RuleTable.compile(rules);
        int first20 = 0;
        int middle = 0;
        int late = 0;
        int catchAll = 0;
        int none = 0;
        for (String s : dialed) {
            int index = table.match(s).map(rules::indexOf).orElse(-1);
            if (index < 0) {
                none++;
            } else if (index < 20) {
                first20++;
            } else if (index < 70) {
                middle++;
            } else if (index < rules.size() - 1) {
                late++;
            } else {
                catchAll++;
            }
        }
        return String.format(Locale.ROOT, "rules 1-20: %d, 21-70: %d, 71-99: %d, catch-all: %d, none: %d",
                first20, middle, late, catchAll, none);
    }

    /** 100 rules as an operator would write them, most specific first, a catch-all last. */
    static List<Rule> rules() {
        List<String[]> specs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            specs.add(new String[] {"did-" + i, String.format(Locale.ROOT, "\\+1415555%04d", 100 + i * 37), ""});
        }
        String[][] prefixes = {
            {"test-number", "\\+15005550006", ""},
            {"us-tollfree", "\\+1(800|888|877|866|855|844|833)\\d{7}", ""},
            {"us-premium", "\\+1\\d{10}", "\\+1(900|976)\\d{7}"},
            {"uk-london", "\\+4420\\d{8}", ""},
            {"uk-manchester", "\\+44161\\d{7}", ""},
            {"uk-mobile", "\\+447[1-9]\\d{8}", ""},
            {"de", "(\\+|00)49\\d{6,13}", "(\\+|00)49900\\d+"},
            {"fr", "(\\+|00)33[1-9]\\d{8}", ""},
            {"ru-moscow", "\\+7(495|499)\\d{7}", ""},
            {"ru-tollfree", "8800\\d{7}", ""},
            {"es", "\\+34[6-9]\\d{8}", ""},
            {"it", "\\+39\\d{6,11}", ""},
            {"nl", "\\+31\\d{9}", ""},
            {"jp", "\\+81\\d{9,10}", ""},
            {"au", "\\+61[2-478]\\d{8}", ""},
            {"br", "\\+55\\d{10,11}", ""},
            {"in", "\\+91[6-9]\\d{9}", ""},
            {"national-fr", "0[1-9]\\d{8}", ""},
            {"emergency", "911|112|999|110", ""},
            {"extension", "\\d{3,5}", "911|112|999|110"},
            {"intl-other", "(\\+|00)[1-9]\\d{7,14}", ""},
            {"fax", "fax_\\d{3,12}", ""},
        };
        for (String[] p : prefixes) {
            specs.add(p);
        }
        String[][] names = {
            {"conf", "conf_[A-Za-z0-9]+", "conf_test.*"},
            {"conf-test", "conf_test[A-Za-z0-9]*", ""},
            {"room", "room_\\d{4,6}", ""},
            {"joinconf", "joinconf", ""},
            {"support", "(?i)support", ""},
            {"sales", "(?i)sales", ""},
            {"ivr", "ivr_(main|billing|tech)", ""},
            {"voicemail", "vm_\\d{3,5}", ""},
            {"echo", "echo|echotest", ""},
            {"sip-example", "sip:[^@]+@example\\.com", ""},
            {"sip-partner", "sip:[^@]+@partner\\.example\\.net", ""},
            {"queue", "queue_[a-z]+", "queue_test"},
            {"callback", "cb_\\d{6,12}", ""},
            {"pager", "page_[a-z]+", ""},
            {"recording", "rec_[0-9a-f]{8,32}", ""},
            {"webrtc-room", "webrtc_[A-Za-z0-9]{6,24}", ""},
            {"intercom", "intercom[1-9]", ""},
            {"hotline", "(?i)hotline(_[a-z]+)?", ""},
            {"reception", "reception|frontdesk", ""},
        };
        for (String[] n : names) {
            specs.add(n);
        }
        String[] users = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
            "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "zoe", "agent\\d{2,3}",
            "operator[1-9]", "user_[a-z0-9._-]{1,32}", "guest_[a-f0-9]{8}", "bot_[a-z]{3,10}"};
        for (String u : users) {
            specs.add(new String[] {"user-" + u.replaceAll("[^a-z]", ""), u, ""});
        }
        // Two rules an operator forgot about: both can never match (the bench reports them).
        specs.add(new String[] {"old-did", "\\+14155550137", ""});
        specs.add(new String[] {"old-room", "room_1234", ""});
        specs.add(new String[] {"web-user", "[a-z][a-z0-9._-]{2,31}", "admin|root"});
        specs.add(new String[] {"catch-all", ".*", "(\\+|00)?\\d{16,}"});
        if (specs.size() != 100) {
            throw new IllegalStateException("want 100 rules, have " + specs.size());
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            rules.add(new Rule(i + 1, specs.get(i)[0], specs.get(i)[1], specs.get(i)[2]));
        }
        return rules;
    }

    /** Dialed strings in realistic proportions, shuffled. */
    static List<String> dialed(Random random, int count) {
        List<String> out = new ArrayList<>();
        String digits = "0123456789";
        String[] prefixes = {"+1415555", "+1800", "+1900", "+4420", "+44161", "+447", "+49", "0049", "+33", "+7495",
            "8800", "+34", "+39", "+31", "+81", "+61", "+55", "+91", "01", "+86", "+20"};
        String[] names = {"conf_", "conf_test", "room_", "joinconf", "Support", "SALES", "ivr_main", "vm_", "echo",
            "queue_", "alice", "zoe", "agent", "operator", "user_", "guest_", "bot_", "webuser", "admin"};
        while (out.size() < count) {
            int kind = random.nextInt(100);
            StringBuilder sb = new StringBuilder();
            if (kind < 15) {
                sb.append(String.format(Locale.ROOT, "+1415555%04d", 100 + random.nextInt(30) * 37));
            } else if (kind < 50) {
                sb.append(prefixes[random.nextInt(prefixes.length)]);
                int len = 4 + random.nextInt(9);
                for (int i = 0; i < len; i++) {
                    sb.append(digits.charAt(random.nextInt(10)));
                }
            } else if (kind < 85) {
                sb.append(names[random.nextInt(names.length)]);
                int len = random.nextInt(8);
                for (int i = 0; i < len; i++) {
                    sb.append("abcdef0123456789".charAt(random.nextInt(16)));
                }
            } else if (kind < 93) {
                sb.append("sip:").append("user").append(random.nextInt(100)).append(random.nextBoolean() ? "@example.com" : "@other.org");
            } else {
                int len = 16 + random.nextInt(6);
                for (int i = 0; i < len; i++) {
                    sb.append(digits.charAt(random.nextInt(10)));
                }
            }
            out.add(sb.toString());
        }
        Collections.shuffle(out, random);
        return out;
    }
}
