package dev.shop.cart;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shop.localstack.Ports;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * An embedded GreenMail SMTP server on a free loopback port, one per test JVM. A test can stop it (connections are
 * then refused, as with an SMTP server that is down) and start it again on the same port.
 */
public final class TestSmtp {

    private static @Nullable TestSmtp shared;

    private final int port;
    private final int imapPort;
    private GreenMail server;

    private TestSmtp(int port, int imapPort) {
        this.port = port;
        this.imapPort = imapPort;
        this.server = started(port, imapPort);
    }

    public static synchronized TestSmtp get() {
        if (shared == null) {
            shared = new TestSmtp(Ports.free(), Ports.free());
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
        server = started(port, imapPort);
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

    /** A mail as a mail client reads it over IMAP: its subject and its plain-text and HTML parts. */
    public record ReadMail(
            String subject,
            String contentType,
            @Nullable String text,
            @Nullable String html) {}

    /**
     * The mails in {@code recipient}'s inbox, read over IMAP as a mail client does (GreenMail's mailbox logins are the
     * address, for user and password).
     */
    public List<ReadMail> readOverImap(String recipient) throws MessagingException, IOException {
        var session = Session.getInstance(new Properties());
        try (var store = session.getStore("imap")) {
            store.connect("127.0.0.1", imapPort, recipient, recipient);
            try (var inbox = store.getFolder("INBOX")) {
                inbox.open(Folder.READ_ONLY);
                var mails = new ArrayList<ReadMail>();
                for (Message message : inbox.getMessages()) {
                    var parts = new HashMap<String, String>();
                    collectParts(message, parts);
                    mails.add(new ReadMail(
                            message.getSubject(),
                            message.getContentType(),
                            parts.get("text/plain"),
                            parts.get("text/html")));
                }
                return mails;
            }
        }
    }

    private static void collectParts(Part part, Map<String, String> parts) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            var multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collectParts(multipart.getBodyPart(i), parts);
            }
        } else if (part.isMimeType("text/plain") || part.isMimeType("text/html")) {
            parts.putIfAbsent(
                    part.getContentType().toLowerCase(Locale.ROOT).split(";")[0].trim(), (String) part.getContent());
        }
    }

    private static GreenMail started(int port, int imapPort) {
        var server = new GreenMail(new ServerSetup[] {
            new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
        });
        server.start();
        return server;
    }
}
