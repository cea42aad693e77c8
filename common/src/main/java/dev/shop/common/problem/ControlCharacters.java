package dev.shop.common.problem;

/**
 * Text a client sends (a query parameter, a path segment, a string field of a JSON body) never holds control
 * characters: C0 ({@code U+0000}–{@code U+001F}, tab and line breaks included), {@code DEL} and C1
 * ({@code U+0080}–{@code U+009F}). PostgreSQL refuses a NUL outright (a 500 if it got that far), and the others end up
 * in logs, mails and other systems' parsers. Such text is a 400 {@code validation} problem naming the field, decided
 * before any query.
 */
public final class ControlCharacters {

    /** The message of the field's entry in the problem's {@code errors}. */
    public static final String MESSAGE = "must not contain control characters";

    private ControlCharacters() {}

    /** Whether {@code text} holds a control character. */
    public static boolean in(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
