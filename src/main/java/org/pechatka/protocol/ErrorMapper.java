package org.pechatka.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.pechatka.error.ErrorReason;
import org.pechatka.error.PechatkaException;

/**
 * The one place where failures become protocol errors (PROTOCOL.md section 2.2):
 * {@code {code, message, data:{reason, …}}}. Messages never carry PINs, document bytes, stack
 * traces or file paths; a bug becomes {@code INTERNAL} with its details in the log only.
 */
public final class ErrorMapper {

    private static final System.Logger LOG = System.getLogger(ErrorMapper.class.getName());

    private ErrorMapper() {}

    public static ObjectNode toWire(PechatkaException e) {
        // the switch makes the compiler check that every error leaf has a wire form
        String message = switch (e) {
            case PechatkaException.Internal internal -> {
                LOG.log(System.Logger.Level.WARNING, "internal error", internal.getCause());
                yield ErrorReason.INTERNAL.defaultMessage();
            }
            case PechatkaException.ParseError p -> p.getMessage();
            case PechatkaException.InvalidRequest p -> p.getMessage();
            case PechatkaException.MethodNotFound p -> p.getMessage();
            case PechatkaException.InvalidParams p -> p.getMessage();
            case PechatkaException.UserCancelled p -> p.getMessage();
            case PechatkaException.UserTimeout p -> p.getMessage();
            case PechatkaException.ActionPending p -> p.getMessage();
            case PechatkaException.PinIncorrect p -> p.getMessage();
            case PechatkaException.PinLocked p -> p.getMessage();
            case PechatkaException.TokenNotPresent p -> p.getMessage();
            case PechatkaException.TokenRemoved p -> p.getMessage();
            case PechatkaException.TokenFailure p -> p.getMessage();
            case PechatkaException.KeyNotFound p -> p.getMessage();
            case PechatkaException.CertificateUnusable p -> p.getMessage();
            case PechatkaException.AlgorithmUnsupported p -> p.getMessage();
            case PechatkaException.OperationNotAllowed p -> p.getMessage();
        };
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("code", e.reason().code());
        error.put("message", message);
        ObjectNode data = error.putObject("data");
        data.put("reason", e.reason().name());
        for (Map.Entry<String, Object> entry : e.data().entrySet()) {
            data.set(entry.getKey(), Json.mapper().valueToTree(entry.getValue()));
        }
        return error;
    }

    /** A failure that is not a PechatkaException: a bug. */
    public static ObjectNode internal(Throwable t) {
        return toWire(new PechatkaException.Internal("unexpected failure", t));
    }
}
