package dev.shop.localstack;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An SMTP server that keeps every mail and an IMAP server to read them (GreenMail), on the loopback address.
 * Authentication is off: a mail to any address creates that mailbox, whose IMAP login and password are the address.
 * Mails live in memory: a restart empties the mailboxes.
 */
public final class MailServer implements AutoCloseable {

    private final int smtpPort;
    private final int imapPort;
    private @Nullable GreenMail greenMail;

    MailServer(int smtpPort, int imapPort) {
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    public synchronized void start() {
        if (greenMail != null) {
            return;
        }
        Ports.requireFree("SMTP", smtpPort, "SHOP_SMTP_PORT");
        Ports.requireFree("IMAP", imapPort, "SHOP_IMAP_PORT");
        var server = new GreenMail(new ServerSetup[] {
                    new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
                })
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        greenMail = server;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    public String address() {
        return "smtp://127.0.0.1:" + smtpPort + ", imap://127.0.0.1:" + imapPort;
    }

    /** Every mail received since the start, to any address. */
    public synchronized List<MimeMessage> received() {
        return greenMail == null ? List.of() : List.of(greenMail.getReceivedMessages());
    }

    @Override
    public synchronized void close() {
        var server = greenMail;
        greenMail = null;
        if (server != null) {
            server.stop();
        }
    }
}
