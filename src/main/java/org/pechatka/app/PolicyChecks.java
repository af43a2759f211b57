package org.pechatka.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.pechatka.config.AdminPolicy;

/**
 * What a valid admin policy names but this computer does not have: module files that do not exist
 * and certificate files that cannot be read or hold no CA certificate. Warnings, not errors: the
 * policy is used, the missing module is simply not loaded and the unreadable certificate not
 * trusted (trusting less is the safe side), and the help desk sees why in the log, doctor and
 * Settings.
 */
final class PolicyChecks {

    private PolicyChecks() {}

    /** One sentence per problem; empty when everything the policy names is there. */
    static List<String> warnings(AdminPolicy policy) {
        List<String> out = new ArrayList<>(policy.warnings());
        for (Path f : policy.trustedCertificates()) {
            String problem = certificateProblem(f);
            if (problem != null) {
                out.add("The admin policy's certificate file " + f + " " + problem + "; it is not trusted.");
            }
        }
        return out;
    }

    private static String certificateProblem(Path f) {
        if (!Files.exists(f)) {
            return "does not exist";
        }
        try (InputStream in = Files.newInputStream(f)) {
            var all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (all.isEmpty()) {
                return "holds no certificate";
            }
            if (all.stream().noneMatch(c -> ((X509Certificate) c).getBasicConstraints() >= 0)) {
                return "holds no CA certificate";
            }
            return null;
        } catch (IOException e) {
            return "cannot be read (" + e.getClass().getSimpleName() + ")";
        } catch (CertificateException | RuntimeException e) {
            return "is not a PEM or DER certificate";
        }
    }
}
