package org.pechatka.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import javax.net.SocketFactory;

/**
 * A WebSocket client that writes RFC 6455 frames by hand over a TLS socket: masked or not, any
 * opcode, reserved bits, 64-bit lengths, continuation frames, invalid UTF-8. For tests of how the
 * server treats frames that break the rules; ordinary traffic uses {@link Endpoint.Client}.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    /** A frame the server sent. */
    public record Frame(boolean fin, int opcode, byte[] payload) {

        /** The status code of a close frame (1005 when it carries none). */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private RawWebSocket(Socket socket, InputStream in) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(in);
    }

    /** The upgrade request a browser page of {@code origin} would send (origin null: no Origin header). */
    public static String upgradeRequest(String host, String origin) {
        return RawHttp.request("GET /v1/ws HTTP/1.1", origin == null
                ? List.of("Host: " + host, "Upgrade: websocket", "Connection: Upgrade",
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13")
                : List.of("Host: " + host, "Upgrade: websocket", "Connection: Upgrade",
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
                        "Origin: " + origin), null);
    }

    /**
     * Opens a connection and sends the upgrade; returns the socket only when the server switched
     * protocols, else throws with the status line it sent.
     */
    public static RawWebSocket open(SocketFactory factory, int port, String origin) throws IOException {
        Socket s = factory.createSocket("127.0.0.1", port);
        try {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(upgradeRequest("127.0.0.1:" + port, origin).getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            RawHttp.Response r = RawHttp.read(s.getInputStream(), false);
            if (r.status() != 101) {
                throw new UpgradeRefused(r);
            }
            return new RawWebSocket(s, s.getInputStream());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The server answered the upgrade with something else than 101. */
    public static final class UpgradeRefused extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient RawHttp.Response response;

        UpgradeRefused(RawHttp.Response response) {
            super("upgrade refused: " + response.statusLine());
            this.response = response;
        }

        public RawHttp.Response response() {
            return response;
        }
    }

    /**
     * Writes one frame in one write (one TLS record when small), so a server that refuses it on its
     * header has the whole frame already and never resets the connection over the rest. {@code rsv}
     * is the three reserved bits (0..7).
     */
    public void frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 14);
        header(frame, fin, rsv, opcode, payload.length, masked);
        byte[] body = payload;
        if (masked) {
            byte[] key = new byte[4];
            RANDOM.nextBytes(key);
            frame.write(key);
            body = payload.clone();
            for (int i = 0; i < body.length; i++) {
                body[i] ^= key[i & 3];
            }
        }
        frame.write(body);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** A masked, final text frame. */
    public void text(String text) throws IOException {
        frame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Writes only a frame header (no mask key) announcing {@code length} bytes. */
    public void frameHeader(boolean fin, int rsv, int opcode, long length, boolean masked) throws IOException {
        header(out, fin, rsv, opcode, length, masked);
    }

    private static void header(OutputStream out, boolean fin, int rsv, int opcode, long length, boolean masked)
            throws IOException {
        out.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0xf));
        int mask = masked ? 0x80 : 0;
        if (length < 126) {
            out.write(mask | (int) length);
        } else if (length <= 0xffff) {
            out.write(mask | 126);
            out.write((int) (length >>> 8) & 0xff);
            out.write((int) length & 0xff);
        } else {
            out.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift) & 0xff);
            }
        }
    }

    /** Writes raw bytes (e.g. an unmasked payload after {@link #frameHeader}). */
    public void raw(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    /** Reads the next frame the server sent. */
    public Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if ((b1 & 0x80) != 0) {
            throw new IOException("the server masked a frame");
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame((b0 & 0x80) != 0, b0 & 0xf, payload);
    }

    /**
     * Reads frames until the server's close frame and returns its status code; -1 when the server
     * dropped the connection without one. Gives up after {@code seconds}.
     */
    public int awaitClose(int seconds) throws IOException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        socket.setSoTimeout(seconds * 1000);
        try {
            while (System.nanoTime() < deadline) {
                Frame f = read();
                if (f.opcode() == CLOSE) {
                    return f.closeCode();
                }
            }
            throw new SocketTimeoutException("no close frame within " + seconds + " s");
        } catch (EOFException | SocketException | javax.net.ssl.SSLException e) {
            return -1;
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
