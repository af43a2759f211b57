package org.pechatka.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;
import org.pechatka.error.PechatkaException;

/** Reads requests and writes responses in the JSON-RPC 2.0 envelope. */
public final class RpcCodec {

    private static final Set<String> FIELDS = Set.of("jsonrpc", "id", "method", "params");
    private static final int MAX_ID_LENGTH = 128;

    private RpcCodec() {}

    /** A request that could not be read, with the id when it was readable. */
    public static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient JsonNode id;
        private final transient PechatkaException error;

        BadRequest(JsonNode id, PechatkaException error) {
            super(error.getMessage(), null, false, false);
            this.id = id;
            this.error = error;
        }

        public JsonNode id() {
            return id;
        }

        public PechatkaException error() {
            return error;
        }
    }

    /** Parses one text frame. */
    public static RpcRequest parse(String text) throws BadRequest {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(text);
        } catch (JacksonException e) {
            throw new BadRequest(NullNode.instance, new PechatkaException.ParseError("Not valid JSON"));
        }
        if (tree == null || tree.isMissingNode()) { // empty or blank text: no JSON value at all
            throw new BadRequest(NullNode.instance, new PechatkaException.ParseError("Not valid JSON"));
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new BadRequest(NullNode.instance,
                    new PechatkaException.InvalidRequest("A request must be a JSON object (batches are not supported)"));
        }
        JsonNode id = object.get("id");
        if (id == null || !(id.isTextual() && id.textValue().length() <= MAX_ID_LENGTH
                || id.isIntegralNumber() && id.canConvertToLong())) {
            throw new BadRequest(NullNode.instance, new PechatkaException.InvalidRequest(
                    "A request needs an id: a string or an integer (notifications are not accepted)"));
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new BadRequest(id, new PechatkaException.InvalidRequest("Unknown member: " + cut(name)));
            }
        }
        JsonNode version = object.get("jsonrpc");
        if (version == null || !version.isTextual() || !"2.0".equals(version.textValue())) {
            throw new BadRequest(id, new PechatkaException.InvalidRequest("jsonrpc must be \"2.0\""));
        }
        JsonNode method = object.get("method");
        if (method == null || !method.isTextual() || method.textValue().length() > 64) {
            throw new BadRequest(id, new PechatkaException.InvalidRequest("method must be a string"));
        }
        JsonNode params = object.get("params");
        if (params == null || params.isNull()) {
            params = JsonNodeFactory.instance.objectNode();
        }
        if (!(params instanceof ObjectNode paramsObject)) {
            throw new BadRequest(id, new PechatkaException.InvalidParams("params must be an object"));
        }
        return new RpcRequest(id, method.textValue(), paramsObject);
    }

    /** A success response. */
    public static String result(JsonNode id, Object result) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id);
        response.set("result", Json.mapper().valueToTree(result));
        return write(response);
    }

    /** An error response (the error object from {@link ErrorMapper}). */
    public static String error(JsonNode id, ObjectNode error) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id == null ? NullNode.instance : id);
        response.set("error", error);
        return write(response);
    }

    /** A server-to-page notification (no id). */
    public static String notification(String method, Object params) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("jsonrpc", "2.0");
        message.put("method", method);
        message.set("params", Json.mapper().valueToTree(params));
        return write(message);
    }

    private static String write(ObjectNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cut(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
