package dev.shop.gateway.edge;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The {@code X-Request-Id} of a request: the client's when it is sane, a fresh one otherwise. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";

    /** Exchange attribute holding the id chosen for the request. */
    public static final String ATTRIBUTE = RequestIds.class.getName() + ".requestId";

    static final int MAX_LENGTH = 128;

    // what ends up in log lines and other systems' headers: no spaces, quotes, control characters or separators
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    private RequestIds() {}

    /** {@code offered} if it is a sane id, else a new random one. */
    public static String acceptOrGenerate(@Nullable String offered) {
        return offered != null && SANE.matcher(offered).matches() ? offered : generate();
    }

    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // not a secret: ThreadLocalRandom keeps SecureRandom's seeding off the event loop
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }
}
