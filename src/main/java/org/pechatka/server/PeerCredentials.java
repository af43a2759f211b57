package org.pechatka.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Which OS user owns the other end of a loopback TCP connection (Linux: the socket tables in
 * {@code /proc/net/tcp} and {@code tcp6}). Pechatka refuses connections from other users' processes,
 * so other users of a shared machine cannot use this user's tokens.
 */
public final class PeerCredentials {

    private final Path procNet;

    public PeerCredentials(Path procNet) {
        this.procNet = procNet;
    }

    /** The system's tables. */
    public static PeerCredentials system() {
        return new PeerCredentials(Path.of("/proc/net"));
    }

    /** The uid of this process. */
    public static int ownUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /**
     * The uid owning the client socket {@code peer} that is connected to {@code local}, or empty
     * when no table lists it.
     */
    public OptionalInt uidOf(InetSocketAddress peer, InetSocketAddress local) throws IOException {
        for (String table : List.of("tcp", "tcp6")) {
            Path file = procNet.resolve(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String peerHex : encodings(peer, table.equals("tcp6"))) {
                for (String localHex : encodings(local, table.equals("tcp6"))) {
                    OptionalInt uid = find(Files.readAllLines(file), peerHex, localHex);
                    if (uid.isPresent()) {
                        return uid;
                    }
                }
            }
        }
        return OptionalInt.empty();
    }

    /** Searches a table for the socket whose local end is {@code peer} and remote end {@code local}. */
    static OptionalInt find(List<String> lines, String peerHex, String localHex) {
        for (int i = 1; i < lines.size(); i++) {
            String[] cols = lines.get(i).trim().split("\\s+");
            if (cols.length > 7 && cols[1].equalsIgnoreCase(peerHex) && cols[2].equalsIgnoreCase(localHex)) {
                return OptionalInt.of(Integer.parseInt(cols[7]));
            }
        }
        return OptionalInt.empty();
    }

    /** How an address appears in the table: IPv4 in tcp; IPv6 and IPv4-mapped in tcp6. */
    static List<String> encodings(InetSocketAddress address, boolean v6Table) {
        InetAddress a = address.getAddress();
        String port = String.format(Locale.ROOT, "%04X", address.getPort());
        if (a instanceof Inet4Address v4) {
            if (!v6Table) {
                return List.of(word(v4.getAddress(), 0) + ":" + port);
            }
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(v4.getAddress(), 0, mapped, 12, 4);
            return List.of(v6(mapped) + ":" + port);
        }
        if (a instanceof Inet6Address v6 && v6Table) {
            return List.of(v6(v6.getAddress()) + ":" + port);
        }
        return List.of();
    }

    /** The kernel prints each 32-bit word of the address in host (little-endian) order. */
    private static String v6(byte[] bytes) {
        StringBuilder sb = new StringBuilder(32);
        for (int w = 0; w < 16; w += 4) {
            sb.append(word(bytes, w));
        }
        return sb.toString();
    }

    private static String word(byte[] b, int offset) {
        return String.format(Locale.ROOT, "%02X%02X%02X%02X", b[offset + 3], b[offset + 2], b[offset + 1], b[offset]);
    }
}
