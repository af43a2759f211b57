package org.pechatka.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real TLS server on 127.0.0.1 with {@link LocalTls#keyStore}: clients that trust only the local CA
 * accept it for 127.0.0.1 and localhost (HTTPS host name checks) and for nothing else.
 */
class TlsHandshakeTest {

    @TempDir
    Path dataDir;

    private LocalTls tls;
    private SSLServerSocket server;
    private Thread acceptor;

    @BeforeEach
    void startServer() throws Exception {
        tls = LocalTls.loadOrCreate(dataDir, Clock.systemUTC());
        char[] password = "server".toCharArray();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(tls.keyStore(password), password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        server.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> answer((SSLSocket) s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void answer(SSLSocket s) {
        try (s) {
            s.startHandshake();
            s.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        } catch (IOException e) {
            // a client that refused the certificate
        }
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        acceptor.join();
    }

    private static SSLContext trusting(X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Connects to 127.0.0.1, checking the certificate as HTTPS does for {@code host}; returns the server's line. */
    private String connect(SSLContext ctx, String host) throws IOException {
        Socket plain = new Socket(InetAddress.getByName("127.0.0.1"), server.getLocalPort());
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, server.getLocalPort(), true)) {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            assertThat(s.getSession().getPeerCertificates()[0]).isEqualTo(tls.leafCertificate());
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void whenAClientTrustingOnlyTheLocalCaConnectsAsLocalhostOr127001_thenTheHandshakeSucceeds() throws Exception {
        SSLContext ctx = trusting(tls.caCertificate());

        assertThat(connect(ctx, "localhost")).isEqualTo("ok");
        assertThat(connect(ctx, "127.0.0.1")).isEqualTo("ok");
    }

    @Test
    void whenTheClientExpectsAnotherHostName_thenTheHandshakeFails() throws Exception {
        SSLContext ctx = trusting(tls.caCertificate());

        assertThatThrownBy(() -> connect(ctx, "example.com"))
                .isInstanceOfAny(SSLHandshakeException.class, SocketException.class)
                .hasMessageContaining("example.com");
        assertThatThrownBy(() -> connect(ctx, "127.0.0.2")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void whenTheClientTrustsAnotherInstallationsCa_thenTheHandshakeFails(@TempDir Path otherDataDir) throws Exception {
        SSLContext other = trusting(LocalTls.loadOrCreate(otherDataDir, Clock.systemUTC()).caCertificate());

        assertThatThrownBy(() -> connect(other, "localhost")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void whenOpensslConnectsWithTheCaFile_thenItVerifiesTheIpAndLocalhostButNotExampleCom() throws Exception {
        String target = "127.0.0.1:" + server.getLocalPort();
        String ca = tls.caCertificateFile().toString();

        Tools.Run ip = Tools.run("openssl", "s_client", "-connect", target, "-CAfile", ca, "-verify_return_error",
                "-verify_ip", "127.0.0.1");
        assertThat(ip.exitCode()).as(ip.output()).isZero();
        assertThat(ip.output()).contains("Verify return code: 0 (ok)").contains("CN = localhost");

        Tools.Run host = Tools.run("openssl", "s_client", "-connect", target, "-CAfile", ca, "-verify_return_error",
                "-verify_hostname", "localhost");
        assertThat(host.exitCode()).as(host.output()).isZero();
        assertThat(host.output()).contains("Verify return code: 0 (ok)");

        Tools.Run wrong = Tools.run("openssl", "s_client", "-connect", target, "-CAfile", ca, "-verify_return_error",
                "-verify_hostname", "example.com");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.output()).contains("hostname mismatch");
    }
}
