package dev.shop.localstack.stripe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Stripe's search query language that PaymentIntents answer to here: clauses {@code field:value} joined by
 * {@code AND} or by {@code OR} (not both, as Stripe requires), where the field is {@code metadata['key']},
 * {@code status}, {@code currency} or {@code amount}, and a text value is quoted ({@code 'x'} or {@code "x"}). Anything
 * else is refused as Stripe refuses a query it cannot parse.
 *
 * @see <a href="https://docs.stripe.com/search#search-query-language">Stripe's search query language</a>
 */
final class IntentQuery {

    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*(-)?(metadata\\[(?:'([^']+)'|\"([^\"]+)\")]|status|currency|amount)\\s*:\\s*(?:'([^']*)'|\"([^\"]*)\"|(\\d+))\\s*");
    private static final Pattern JOIN = Pattern.compile("\\s+(AND|OR)\\s+");

    private IntentQuery() {}

    /**
     * The matcher of {@code query} over an intent's JSON.
     *
     * @throws IllegalArgumentException with Stripe's message for a query it cannot use
     */
    static Predicate<Map<String, Object>> parse(String query) {
        if (query.isBlank()) {
            throw new IllegalArgumentException("Search query is required.");
        }
        var parts = JOIN.split(query.strip());
        var joins = new ArrayList<String>();
        var matcher = JOIN.matcher(query.strip());
        while (matcher.find()) {
            joins.add(matcher.group(1));
        }
        if (joins.stream().distinct().count() > 1) {
            throw new IllegalArgumentException("Search queries cannot mix AND and OR.");
        }
        List<Predicate<Map<String, Object>>> clauses = new ArrayList<>();
        for (String part : parts) {
            clauses.add(clause(part));
        }
        boolean any = joins.contains("OR");
        return intent -> any
                ? clauses.stream().anyMatch(clause -> clause.test(intent))
                : clauses.stream().allMatch(clause -> clause.test(intent));
    }

    private static Predicate<Map<String, Object>> clause(String text) {
        Matcher clause = CLAUSE.matcher(text);
        if (!clause.matches()) {
            throw new IllegalArgumentException("Invalid search query: could not parse `" + text.strip() + "`.");
        }
        boolean negated = clause.group(1) != null;
        String field = clause.group(2);
        String metadataKey = clause.group(3) != null ? clause.group(3) : clause.group(4);
        String quoted = clause.group(5) != null ? clause.group(5) : clause.group(6);
        String number = clause.group(7);
        if (field.equals("amount") ? number == null : quoted == null) {
            throw new IllegalArgumentException("Invalid search query: wrong value type for `" + field + "`.");
        }
        Predicate<Map<String, Object>> test;
        if (metadataKey != null) {
            test = intent ->
                    intent.get("metadata") instanceof Map<?, ?> metadata && quoted.equals(metadata.get(metadataKey));
        } else if (field.equals("amount")) {
            test = intent -> String.valueOf(intent.get("amount")).equals(number);
        } else {
            test = intent -> quoted.equals(intent.get(field));
        }
        return negated ? test.negate() : test;
    }
}
