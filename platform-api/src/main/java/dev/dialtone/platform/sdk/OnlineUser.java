package dev.dialtone.platform.sdk;

import java.time.Instant;

import dev.dialtone.core.ApplicationId;

/**
 * Presence: an application user logged in on this node through the web SDK gateway.
 *
 * @param connections how many pages (connections) the user has open here
 * @param receiveCalls whether one of them asked to receive calls ({@code login(..., {receiveCalls:true})})
 */
public record OnlineUser(ApplicationId application, String user, String displayName, int connections, boolean receiveCalls,
                         Instant since) {
}
