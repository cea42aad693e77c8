package dev.shop.localstack.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Stripe's form encoding: flat keys with brackets for nested values ({@code metadata[order_id]=...},
 * {@code automatic_payment_methods[enabled]=true}).
 */
record FormParams(Map<String, String> values) {

    FormParams {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    static FormParams parse(@Nullable String encoded) {
        var values = new LinkedHashMap<String, String>();
        if (encoded != null && !encoded.isBlank()) {
            for (var pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                var equals = pair.indexOf('=');
                var name = decode(equals < 0 ? pair : pair.substring(0, equals));
                var value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                values.put(name, value);
            }
        }
        return new FormParams(values);
    }

    @Nullable
    String get(String name) {
        return values.get(name);
    }

    /** The entries {@code prefix[key]=value} as {@code key -> value}, e.g. the metadata. */
    Map<String, String> nested(String prefix) {
        var nested = new LinkedHashMap<String, String>();
        values.forEach((name, value) -> {
            if (name.startsWith(prefix + "[") && name.endsWith("]")) {
                nested.put(name.substring(prefix.length() + 1, name.length() - 1), value);
            }
        });
        return nested;
    }

    /**
     * What the request asks to expand: the values of {@code expand[]} (or of {@code expand[0]}, {@code expand[1]},
     * ...).
     */
    List<String> expansions() {
        return values.entrySet().stream()
                .filter(entry ->
                        entry.getKey().equals("expand[]") || entry.getKey().matches("expand\\[\\d+]"))
                .map(Map.Entry::getValue)
                .toList();
    }

    /** The parameters in a canonical order: two requests with the same parameters have the same fingerprint. */
    String fingerprint() {
        return new TreeMap<>(values).toString();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
