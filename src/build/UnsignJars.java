import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Build step (package phase): removes the JAR signatures from the application's runtime libraries
 * in {@code target/lib} (Bouncy Castle's jars are signed) and the per-entry digests from their
 * manifests, keeping the main manifest attributes ({@code Multi-Release} among them).
 *
 * <p>Why: a signed jar is verified when its first class loads (its 0.8 MB manifest and signature
 * file parsed, every entry's digest checked as it is read), which cost 15-20 % of Pechatka's start,
 * and the JDK's ahead-of-time cache leaves classes from signed jars out ("Skipping …: Signed JAR").
 * Pechatka uses Bouncy Castle as a library and passes its provider explicitly; OpenJDK (and the
 * runtime Pechatka ships) does not require JCE providers to be signed.
 *
 * <p>Run as a single-file program: {@code java src/build/UnsignJars.java target/lib}. Jars that
 * carry no signature are left untouched, so running it again changes nothing.
 */
public final class UnsignJars {

    private UnsignJars() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java UnsignJars.java DIRECTORY");
            System.exit(2);
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            dir.forEach(jars::add);
        }
        for (Path jar : jars) {
            unsign(jar);
        }
    }

    private static boolean isSignatureFile(Path entry) {
        String name = entry.getFileName() == null ? "" : entry.getFileName().toString().toUpperCase(java.util.Locale.ROOT);
        return entry.getParent() != null && entry.getParent().toString().equals("/META-INF")
                && (name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA") || name.endsWith(".EC")
                || name.startsWith("SIG-"));
    }

    private static void unsign(Path jar) throws IOException {
        FileTime modified = Files.getLastModifiedTime(jar);
        URI uri = URI.create("jar:" + jar.toUri());
        List<String> removed = new ArrayList<>();
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
            Path metaInf = fs.getPath("/META-INF");
            if (!Files.isDirectory(metaInf)) {
                return;
            }
            List<Path> signatures;
            try (Stream<Path> s = Files.list(metaInf)) {
                signatures = s.filter(UnsignJars::isSignatureFile).toList();
            }
            if (signatures.isEmpty()) {
                return;
            }
            for (Path p : signatures) {
                Files.delete(p);
                removed.add(p.getFileName().toString());
            }
            Path manifestPath = fs.getPath("/META-INF/MANIFEST.MF");
            if (Files.exists(manifestPath)) {
                Manifest manifest;
                try (InputStream in = Files.newInputStream(manifestPath)) {
                    manifest = new Manifest(in);
                }
                manifest.getEntries().clear(); // the per-entry digests the signature covered
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                manifest.write(bytes);
                try (OutputStream out = Files.newOutputStream(manifestPath)) {
                    bytes.writeTo(out);
                }
            }
        }
        System.out.println("UnsignJars: " + jar.getFileName() + ": removed " + String.join(", ", removed)
                + " and the manifest's per-entry digests");
        if (Files.getLastModifiedTime(jar).compareTo(modified) <= 0) {
            Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis()));
        }
    }
}
