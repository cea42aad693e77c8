package dev.shop.common.events;

/** A consumed message that cannot be an event of ours: a required CloudEvents header is missing or malformed. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
