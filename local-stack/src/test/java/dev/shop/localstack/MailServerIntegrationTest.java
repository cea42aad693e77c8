package dev.shop.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MailServerIntegrationTest {

    @Test
    void keepsAMailSentOverSmtpForItsAddressToReadOverImap() throws Exception {
        try (var server = new MailServer(Ports.free(), Ports.free())) {
            server.start();
            var properties = new Properties();
            properties.put("mail.smtp.host", "127.0.0.1");
            properties.put("mail.smtp.port", Integer.toString(server.smtpPort()));
            var session = Session.getInstance(properties);
            var message = new MimeMessage(session);
            message.setFrom(new InternetAddress("orders@shop.example"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("carol@example.com"));
            message.setSubject("Your order");
            message.setText("Thank you");
            Transport.send(message);

            assertThat(server.received())
                    .singleElement()
                    .satisfies(received -> assertThat(received.getSubject()).isEqualTo("Your order"));
            try (var store = session.getStore("imap")) {
                store.connect("127.0.0.1", server.imapPort(), "carol@example.com", "carol@example.com");
                try (var inbox = store.getFolder("INBOX")) {
                    inbox.open(Folder.READ_ONLY);
                    assertThat(inbox.getMessages())
                            .singleElement()
                            .satisfies(read -> assertThat(read.getSubject()).isEqualTo("Your order"));
                }
            }
        }
    }

    @Test
    void freesItsPortsWhenClosed() {
        var server = new MailServer(Ports.free(), Ports.free());
        server.start();
        server.close();

        assertThat(Ports.isFree(server.smtpPort())).isTrue();
        assertThat(Ports.isFree(server.imapPort())).isTrue();
    }
}
