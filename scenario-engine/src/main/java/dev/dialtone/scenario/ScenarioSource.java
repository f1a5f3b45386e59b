package dev.dialtone.scenario;

import java.util.Objects;

/**
 * One scenario of a rule, as stored: its name (shown in error locations, {@code gatekeeper.js:12}),
 * the version the platform stored (quarantine counts per name and version) and its code.
 */
public record ScenarioSource(String name, String version, String code) {
    public ScenarioSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(code, "code");
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("scenario name must be 1..200 characters");
        }
    }

    /** The quarantine key: {@code name@version}. */
    public String versionKey() {
        return name + "@" + version;
    }
}
