package org.p2psim.rpc.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Builds a tree from a streaming parser, the nodes {@code ObjectMapper.readTree} makes (ints as
 * {@code IntNode}, then {@code LongNode}, then {@code BigIntegerNode}; fractions as {@code
 * DoubleNode}; a repeated key keeps its last value), without an {@code ObjectMapper}. Iterative, so
 * that deep nesting (bounded by the parser's own limit) cannot overflow a small thread stack.
 */
final class JsonTreeReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTreeReader() {}

  /**
   * The one document {@code p} holds, or a missing node when it holds nothing.
   *
   * @throws JsonParseException for malformed JSON or anything after the document
   */
  static JsonNode read(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      return MissingNode.getInstance();
    }
    ArrayDeque<ContainerNode<?>> open = new ArrayDeque<>();
    JsonNode root = null;
    for (; ; t = p.nextToken()) {
      JsonNode value;
      switch (t) {
        case FIELD_NAME:
          continue;
        case END_OBJECT:
        case END_ARRAY:
          open.pop();
          if (open.isEmpty()) {
            return end(p, root);
          }
          continue;
        case START_OBJECT:
          value = NODES.objectNode();
          break;
        case START_ARRAY:
          value = NODES.arrayNode();
          break;
        case VALUE_STRING:
          value = NODES.textNode(p.getText());
          break;
        case VALUE_NUMBER_INT:
          value =
              switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
              };
          break;
        case VALUE_NUMBER_FLOAT:
          value = NODES.numberNode(p.getDoubleValue());
          break;
        case VALUE_TRUE:
          value = NODES.booleanNode(true);
          break;
        case VALUE_FALSE:
          value = NODES.booleanNode(false);
          break;
        case VALUE_NULL:
          value = NODES.nullNode();
          break;
        default:
          throw new JsonParseException(p, "unexpected token " + t);
      }
      ContainerNode<?> parent = open.peek();
      if (parent == null) {
        root = value;
      } else if (parent instanceof ObjectNode object) {
        // for a container, the parser reports the name it is the value of
        object.set(p.currentName(), value);
      } else {
        ((ArrayNode) parent).add(value);
      }
      if (value instanceof ContainerNode<?> container) {
        open.push(container);
      } else if (open.isEmpty()) {
        return end(p, root);
      }
    }
  }

  private static JsonNode end(JsonParser p, JsonNode root) throws IOException {
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw new JsonParseException(
          p, "unexpected '" + p.getText() + "' after the end of the JSON document");
    }
    return root;
  }
}
