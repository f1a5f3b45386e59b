package dev.dialtone.core;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A text-to-speech voice, named the way scenarios name it ({@code UK_ENGLISH_FEMALE} is the
 * VoxEngine constant {@code Language.UK_ENGLISH_FEMALE}). The media engine maps it to a real
 * synthesizer voice by {@link #languageTag()} and {@link #gender()}.
 */
public record Voice(String name, String languageTag, Gender gender) {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    private static final Pattern TAG = Pattern.compile("[a-z]{2,3}(-[A-Z][A-Za-z]{1,3})?");

    public enum Gender { FEMALE, MALE }

    public Voice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(languageTag, "languageTag");
        Objects.requireNonNull(gender, "gender");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("voice name must be an upper-case constant name: " + name);
        }
        if (!TAG.matcher(languageTag).matches()) {
            throw new IllegalArgumentException("not a language tag like en-GB: " + languageTag);
        }
    }

    /** The primary language subtag, e.g. {@code en} for {@code en-GB}. */
    public String language() {
        int dash = languageTag.indexOf('-');
        return (dash < 0 ? languageTag : languageTag.substring(0, dash)).toLowerCase(Locale.ROOT);
    }
}
