package org.pechatka.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.SocketFactory;

/**
 * HTTP/1.1 written and read by hand over a (TLS) socket, so a test can forge any header a browser
 * would never send ({@code Host}, {@code Origin}) and see the exact status line the server wrote.
 */
public final class RawHttp {

    private RawHttp() {}

    /** One response: the status line as sent, the headers in order, the body. */
    public record Response(String statusLine, List<String[]> headers, byte[] body) {

        /** The status code from the status line. */
        public int status() {
            String[] parts = statusLine.split(" ", 3);
            return Integer.parseInt(parts[1]);
        }

        /** All values of a header (case-insensitive name). */
        public List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    out.add(h[1]);
                }
            }
            return out;
        }

        public Optional<String> first(String name) {
            List<String> all = all(name);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(statusLine).append('\n');
            for (String[] h : headers) {
                sb.append(h[0]).append(": ").append(h[1]).append('\n');
            }
            return sb.append('\n').append(bodyText()).toString();
        }
    }

    /** Builds a request: the request line, then header lines ({@code "Name: value"}), CRLF everywhere. */
    public static String request(String requestLine, List<String> headerLines, String body) {
        StringBuilder sb = new StringBuilder(requestLine).append("\r\n");
        for (String h : headerLines) {
            sb.append(h).append("\r\n");
        }
        sb.append("\r\n");
        if (body != null) {
            sb.append(body);
        }
        return sb.toString();
    }

    /** Sends {@code request} on a new connection and reads one response (the socket is closed after). */
    public static Response exchange(SocketFactory factory, String host, int port, String request) throws IOException {
        try (Socket s = factory.createSocket(host, port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(s.getInputStream(), request.startsWith("HEAD "));
        }
    }

    /** Reads one response from {@code in}: status line, headers, and the body when it has one. */
    public static Response read(InputStream in, boolean head) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("the server closed the connection without a response");
        }
        List<String[]> headers = new ArrayList<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.add(new String[] {l.substring(0, colon).trim(), l.substring(colon + 1).trim()});
        }
        Response partial = new Response(status, headers, new byte[0]);
        int code = partial.status();
        if (head || code == 101 || code == 204 || code == 304 || code / 100 == 1) {
            return partial;
        }
        Optional<String> length = partial.first("Content-Length");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (length.isPresent()) {
            body.write(in.readNBytes(Integer.parseInt(length.get())));
        } else if (partial.first("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false)) {
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            line(in);
        } else {
            try {
                in.transferTo(body);
            } catch (SocketTimeoutException e) {
                // what arrived is the body
            }
        }
        return new Response(status, headers, body.toByteArray());
    }

    /** One CRLF-terminated line (ISO-8859-1), or null at the end of the stream. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
