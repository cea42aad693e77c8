package dev.shop.localstack;

/** A component could not start; the message is one line saying what and how to fix it. */
public class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
