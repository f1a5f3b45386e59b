package dev.dialtone.media.internal.tts;

import java.util.Map;

import dev.dialtone.core.Voice;

/**
 * Maps the scenario API's voices to espeak-ng voices: a language voice plus a variant for the gender
 * ({@code en-gb+f3} is British English, female). espeak-ng has no native Australian English or
 * Canadian French voice; those use British English and French.
 */
public final class EspeakVoices {
    private static final Map<String, String> LANGUAGES = Map.ofEntries(
            Map.entry("en-AU", "en-gb"),
            Map.entry("en-CA", "en-us"),
            Map.entry("en-GB", "en-gb"),
            Map.entry("en-US", "en-us"),
            Map.entry("pt-BR", "pt-br"),
            Map.entry("pt-PT", "pt"),
            Map.entry("fr-CA", "fr-fr"),
            Map.entry("fr-FR", "fr-fr"),
            Map.entry("zh-CN", "cmn"),
            Map.entry("zh-TW", "cmn"),
            Map.entry("yue-HK", "yue"),
            Map.entry("ca-ES", "ca"),
            Map.entry("cs-CZ", "cs"),
            Map.entry("da-DK", "da"),
            Map.entry("nl-NL", "nl"),
            Map.entry("fi-FI", "fi"),
            Map.entry("de-DE", "de"),
            Map.entry("it-IT", "it"),
            Map.entry("nb-NO", "nb"),
            Map.entry("pl-PL", "pl"),
            Map.entry("es-ES", "es"),
            Map.entry("es-US", "es-419"),
            Map.entry("sv-SE", "sv"),
            Map.entry("tr-TR", "tr"),
            Map.entry("hu-HU", "hu"),
            Map.entry("ja-JP", "ja"),
            Map.entry("ko-KR", "ko"),
            Map.entry("ru-RU", "ru"));

    private EspeakVoices() {
    }

    /** The espeak-ng language voice, e.g. {@code en-gb}. */
    public static String language(Voice voice) {
        return LANGUAGES.getOrDefault(voice.languageTag(), voice.language());
    }

    /** The full {@code -v} argument, e.g. {@code en-gb+f3}. */
    public static String espeakVoice(Voice voice) {
        return language(voice) + (voice.gender() == Voice.Gender.FEMALE ? "+f3" : "+m3");
    }
}
