package dev.dialtone.platform.http.console;

/** How a console session was opened. */
public enum SignInMethod {
    API_KEY("API key", "api_key"),
    PASSWORD("password", "password");

    private final String label;
    private final String wire;

    SignInMethod(String label, String wire) {
        this.label = label;
        this.wire = wire;
    }

    /** As shown to people, e.g. in "admin (console, password)". */
    public String label() {
        return label;
    }

    /** As sent in JSON ({@code signed_in_with}). */
    public String wire() {
        return wire;
    }
}
