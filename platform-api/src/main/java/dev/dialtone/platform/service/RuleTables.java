package dev.dialtone.platform.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.RoutingRule;
import dev.dialtone.platform.model.RuleList;
import dev.dialtone.routing.RoutingConfig;
import dev.dialtone.routing.RoutingException;
import dev.dialtone.routing.RuleTable;

/**
 * Compiled rule tables per application, kept while the application's rules version is unchanged,
 * so that matching and shadowing analysis run once per change, not once per request.
 */
public final class RuleTables {
    private final RoutingConfig config;
    private final Map<ApplicationId, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(long version, RuleTable table) {
    }

    public RuleTables(RoutingConfig config) {
        this.config = config;
    }

    public RoutingConfig config() {
        return config;
    }

    public RuleTable table(RuleList list) throws PlatformException {
        ApplicationId app = list.application().id();
        Entry e = cache.get(app);
        if (e != null && e.version == list.version()) {
            return e.table;
        }
        RuleTable table;
        try {
            // Unchanged rules keep their compiled automata: an edit recompiles one pattern, not the table.
            table = RuleTable.compile(list.rules().stream().map(RoutingRule::toRule).toList(), config,
                    e == null ? null : e.table);
        } catch (RoutingException ex) {
            throw PlatformException.invalid(ex.field(), "stored rule " + ex.ruleId() + " no longer compiles: " + ex.getMessage());
        }
        cache.merge(app, new Entry(list.version(), table), (old, neu) -> old.version >= neu.version ? old : neu);
        return table;
    }

    public void forget(ApplicationId app) {
        cache.remove(app);
    }
}
