package dev.shop.cart;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shop.localstack.Ports;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An embedded GreenMail SMTP server on a free loopback port, one per test JVM. A test can stop it (connections are
 * then refused, as with an SMTP server that is down) and start it again on the same port.
 */
public final class TestSmtp {

    private static @Nullable TestSmtp shared;

    private final int port;
    private GreenMail server;

    private TestSmtp(int port) {
        this.port = port;
        this.server = started(port);
    }

    public static synchronized TestSmtp get() {
        if (shared == null) {
            shared = new TestSmtp(Ports.free());
        }
        return shared;
    }

    public int port() {
        return port;
    }

    /** The server is down: connections to its port are refused. Mails received so far are forgotten. */
    public synchronized void stop() {
        server.stop();
    }

    /** A fresh server on the same port. */
    public synchronized void start() {
        server = started(port);
    }

    /** The mails received for {@code recipient} since the server last started. */
    public synchronized List<MimeMessage> receivedBy(String recipient) {
        return Arrays.stream(server.getReceivedMessages())
                .filter(message -> {
                    try {
                        return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                                .anyMatch(address -> address.toString().equals(recipient));
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    public static String body(MimeMessage message) {
        return GreenMailUtil.getBody(message);
    }

    private static GreenMail started(int port) {
        var server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }
}
