package dev.dialtone.core;

/** Where the other end of a leg is; scenarios see it through {@code call.clientType()}. */
public enum ClientType {
    /** A phone number reached through a SIP trunk. */
    PSTN("pstn"),
    /** A SIP user agent addressed directly (SIP URI). */
    SIP("sip"),
    /** A browser or app on the web SDK. */
    WEB("web"),
    /** Another scenario session on this platform (callConference and friends). */
    INTERNAL("internal");

    private final String scenarioName;

    ClientType(String scenarioName) {
        this.scenarioName = scenarioName;
    }

    /** The string scenarios see. */
    public String scenarioName() {
        return scenarioName;
    }
}
