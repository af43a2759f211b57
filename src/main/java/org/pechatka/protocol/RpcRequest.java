package org.pechatka.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A parsed JSON-RPC 2.0 request.
 *
 * @param id     the id as sent (string or integral number), echoed in the response
 * @param method the method name
 * @param params the params object ({@code {}} when absent)
 */
public record RpcRequest(JsonNode id, String method, ObjectNode params) {}
