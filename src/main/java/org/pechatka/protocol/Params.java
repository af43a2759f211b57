package org.pechatka.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.pechatka.error.PechatkaException;

/**
 * The params of each method as records: the only shapes the protocol accepts. Unknown fields,
 * wrong types and coerced scalars are rejected with {@code INVALID_PARAMS} naming the field; values
 * are checked by the methods (lengths, base64, names).
 */
public final class Params {

    private Params() {}

    /** {@code Filter} of PROTOCOL.md section 2.1. */
    public record Filter(String issuerContains, String subjectContains, List<String> keyUsage,
            List<String> extKeyUsage, List<String> policyOids, List<String> certIds, Boolean validOnly,
            Boolean trustedOnly) {}

    /** {@code certificates.select}. */
    public record Select(String purpose, Filter filter, List<String> attributes, String reason) {}

    /** {@code auth.authenticate}. */
    public record Authenticate(String challengeNonce, Filter filter, List<String> attributes) {}

    /** {@code sign.cms}. */
    public record SignCms(String certId, String data, String hash, String hashAlgorithm, Boolean detached,
            String documentName, String description) {}

    /** {@code sign.hash}. */
    public record SignHash(String certId, String hash, String hashAlgorithm, String documentName,
            String description) {}

    /** One item of {@code sign.batch}. */
    public record BatchItem(String data, String hash, String hashAlgorithm, String documentName) {}

    /** {@code sign.batch}. */
    public record SignBatch(String certId, List<BatchItem> items, Boolean detached) {}

    /** One subject attribute of {@code csr.create}: a short name or OID, and its value. */
    public record SubjectAttribute(String type, String value) {}

    /** {@code csr.create}. */
    public record CsrCreate(String tokenId, String keyAlgorithm, List<SubjectAttribute> subject,
            String challengePassword, String renewOf, String label) {}

    /** {@code cert.import}. */
    public record CertImport(String certificate, List<String> chain) {}

    /** A method without params: only {@code {}} is accepted. */
    public record None() {}

    /** Reads params into a record, mapping every Jackson complaint to {@code INVALID_PARAMS}. */
    public static <T> T read(ObjectNode params, Class<T> type) throws PechatkaException.InvalidParams {
        try {
            return Json.mapper().treeToValue(params, type);
        } catch (UnrecognizedPropertyException e) {
            throw new PechatkaException.InvalidParams("Unknown field: " + cut(e.getPropertyName()));
        } catch (MismatchedInputException e) {
            String path = e.getPath().isEmpty() ? "params" : e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b).orElse("params");
            throw new PechatkaException.InvalidParams("Wrong type for " + cut(path));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new PechatkaException.InvalidParams("Invalid params");
        }
    }

    private static String cut(String s) {
        if (s == null) {
            return "?";
        }
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
