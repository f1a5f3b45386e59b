package dev.dialtone.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.dialtone.core.Voice.Gender;

/**
 * The catalog of voices scenarios can ask for: the VoxEngine {@code Language.*} constants. Every
 * entry must map to a real synthesizer voice (the media engine tests that it does).
 */
public final class Voices {
    public static final Voice DEFAULT = new Voice("US_ENGLISH_FEMALE", "en-US", Gender.FEMALE);

    private static final Map<String, Voice> BY_NAME = new LinkedHashMap<>();

    static {
        add("AU_ENGLISH_FEMALE", "en-AU", Gender.FEMALE);
        add("BR_PORTUGUESE_FEMALE", "pt-BR", Gender.FEMALE);
        add("CA_ENGLISH_FEMALE", "en-CA", Gender.FEMALE);
        add("CA_FRENCH_FEMALE", "fr-CA", Gender.FEMALE);
        add("CA_FRENCH_MALE", "fr-CA", Gender.MALE);
        add("CH_CHINESE_FEMALE", "zh-CN", Gender.FEMALE);
        add("CH_CHINESE_MALE", "zh-CN", Gender.MALE);
        add("EUR_CATALAN_FEMALE", "ca-ES", Gender.FEMALE);
        add("EUR_CZECH_FEMALE", "cs-CZ", Gender.FEMALE);
        add("EUR_DANISH_FEMALE", "da-DK", Gender.FEMALE);
        add("EUR_DUTCH_FEMALE", "nl-NL", Gender.FEMALE);
        add("EUR_FINNISH_FEMALE", "fi-FI", Gender.FEMALE);
        add("EUR_FRENCH_FEMALE", "fr-FR", Gender.FEMALE);
        add("EUR_FRENCH_MALE", "fr-FR", Gender.MALE);
        add("EUR_GERMAN_FEMALE", "de-DE", Gender.FEMALE);
        add("EUR_GERMAN_MALE", "de-DE", Gender.MALE);
        add("EUR_ITALIAN_FEMALE", "it-IT", Gender.FEMALE);
        add("EUR_ITALIAN_MALE", "it-IT", Gender.MALE);
        add("EUR_NORWEGIAN_FEMALE", "nb-NO", Gender.FEMALE);
        add("EUR_POLISH_FEMALE", "pl-PL", Gender.FEMALE);
        add("EUR_PORTUGUESE_FEMALE", "pt-PT", Gender.FEMALE);
        add("EUR_PORTUGUESE_MALE", "pt-PT", Gender.MALE);
        add("EUR_SPANISH_FEMALE", "es-ES", Gender.FEMALE);
        add("EUR_SPANISH_MALE", "es-ES", Gender.MALE);
        add("EUR_SWEDISH_FEMALE", "sv-SE", Gender.FEMALE);
        add("EUR_TURKISH_FEMALE", "tr-TR", Gender.FEMALE);
        add("EUR_TURKISH_MALE", "tr-TR", Gender.MALE);
        add("HK_CHINESE_FEMALE", "yue-HK", Gender.FEMALE);
        add("HU_HUNGARIAN_FEMALE", "hu-HU", Gender.FEMALE);
        add("JP_JAPANESE_FEMALE", "ja-JP", Gender.FEMALE);
        add("JP_JAPANESE_MALE", "ja-JP", Gender.MALE);
        add("KR_KOREAN_FEMALE", "ko-KR", Gender.FEMALE);
        add("KR_KOREAN_MALE", "ko-KR", Gender.MALE);
        add("RU_RUSSIAN_FEMALE", "ru-RU", Gender.FEMALE);
        add("RU_RUSSIAN_MALE", "ru-RU", Gender.MALE);
        add("TW_CHINESE_FEMALE", "zh-TW", Gender.FEMALE);
        add("UK_ENGLISH_FEMALE", "en-GB", Gender.FEMALE);
        add("UK_ENGLISH_MALE", "en-GB", Gender.MALE);
        add("US_ENGLISH_FEMALE", "en-US", Gender.FEMALE);
        add("US_ENGLISH_MALE", "en-US", Gender.MALE);
        add("US_SPANISH_FEMALE", "es-US", Gender.FEMALE);
        add("US_SPANISH_MALE", "es-US", Gender.MALE);
    }

    private Voices() {
    }

    private static void add(String name, String tag, Gender gender) {
        BY_NAME.put(name, new Voice(name, tag, gender));
    }

    public static List<Voice> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static Optional<Voice> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
