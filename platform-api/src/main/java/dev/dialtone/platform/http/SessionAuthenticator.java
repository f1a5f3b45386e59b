package dev.dialtone.platform.http;

import java.util.Optional;

import dev.dialtone.platform.PlatformException;

/**
 * Authenticates API requests that carry a browser session cookie instead of an
 * {@code Authorization} header (the admin console's sessions). A cookie session authenticates a
 * request to {@code /api/v1} exactly as a Bearer key would; changes also need the session's CSRF token.
 */
public interface SessionAuthenticator {
    /**
     * @param cookieHeader the request's {@code Cookie} header (may be null)
     * @param safeMethod   whether the method changes nothing (GET, HEAD, OPTIONS)
     * @param csrfToken    the request's CSRF token header (may be null)
     * @return empty if the request carries no session cookie at all
     * @throws PlatformException 401 for an unknown or expired session, 403 for a change without the right CSRF token
     */
    Optional<Principal> authenticate(String cookieHeader, boolean safeMethod, String csrfToken) throws PlatformException;
}
