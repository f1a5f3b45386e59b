package dev.dialtone.platform.service;

import dev.dialtone.platform.live.LiveState;
import dev.dialtone.platform.persistence.Database;
import dev.dialtone.platform.persistence.PhoneNumberStore;
import dev.dialtone.platform.sessions.SessionsService;

/** Everything the API faces (and later modules) call, wired once by the node. */
public record Services(Database database, LiveState live, AccountService accounts, ApplicationService applications,
                       ScenarioService scenarios, RuleService rules, RuleTables ruleTables, UserService users,
                       NumberService numbers, PhoneNumberStore numberStore, TrunkService trunks, ServiceKeyService serviceKeys,
                       AdminPasswordService adminPassword, SessionsService sessions) {
}
