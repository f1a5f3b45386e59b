package dev.dialtone.platform.service;

import dev.dialtone.platform.calls.CallHistory;
import dev.dialtone.platform.calls.CallRecords;
import dev.dialtone.platform.live.LiveState;
import dev.dialtone.platform.persistence.Database;
import dev.dialtone.platform.persistence.PhoneNumberStore;
import dev.dialtone.platform.sessions.SessionsService;

/**
 * Everything the API faces (and later modules) call, wired once by the node.
 *
 * @param callRecords the call record sink (SIP connector, web SDK gateway)
 * @param callHistory reads call records for the APIs
 */
public record Services(Database database, LiveState live, AccountService accounts, ApplicationService applications,
                       ScenarioService scenarios, RuleService rules, RuleTables ruleTables, UserService users,
                       NumberService numbers, PhoneNumberStore numberStore, TrunkService trunks, ServiceKeyService serviceKeys,
                       AdminPasswordService adminPassword, SessionsService sessions, CallRecords callRecords,
                       CallHistory callHistory) {
}
