package io.tandem.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Turns YAML text into a {@link YamlNode} tree with line numbers. Uses SnakeYAML's composer only:
 * no Java objects are constructed from the document, so tags cannot instantiate classes.
 *
 * <p>Parser messages are used without the source snippet SnakeYAML appends, so a syntax error
 * never echoes file content into logs.
 */
final class YamlReader {

    private static final int MAX_CODE_POINTS = 1 << 20; // a configuration is kilobytes; refuse to chew on anything huge

    private YamlReader() {
    }

    /** @return the document's root, or empty after adding the one problem that explains why there is none */
    static Optional<YamlNode> read(String text, Problems problems) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        Node root;
        try {
            root = new Yaml(options()).compose(new StringReader(body));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(mark == null ? 1 : mark.getLine() + 1, "(yaml)", describe(e), "valid YAML");
            return Optional.empty();
        } catch (ReaderException e) {
            problems.add(lineAt(body, e.getPosition()), "(yaml)",
                    String.format("character U+%04X", e.getCodePoint()), "printable text");
            return Optional.empty();
        } catch (YAMLException e) {
            problems.add(1, "(yaml)", oneLine(String.valueOf(e.getMessage())), "valid YAML");
            return Optional.empty();
        }
        if (root == null) {
            problems.add(1, "(root)", "(empty)", Schema.ROOT_EXPECTED);
            return Optional.empty();
        }
        Converter converter = new Converter();
        YamlNode tree = converter.convert(root);
        if (converter.recursiveAt > 0) {
            problems.add(converter.recursiveAt, "(yaml)", "(recursive alias)", "an alias to a finished node");
            return Optional.empty();
        }
        return Optional.of(tree);
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        return options;
    }

    /** The context says where the construct that broke began, often lines above the problem. */
    private static String describe(MarkedYAMLException e) {
        String problem = String.valueOf(e.getProblem());
        if (e.getContext() == null) {
            return oneLine(problem);
        }
        Mark contextMark = e.getContextMark();
        Mark problemMark = e.getProblemMark();
        boolean elsewhere = contextMark != null && problemMark != null && contextMark.getLine() != problemMark.getLine();
        return oneLine(e.getContext() + (elsewhere ? " at line " + (contextMark.getLine() + 1) : "") + ", " + problem);
    }

    private static String oneLine(String s) {
        return s.replace("\r", "").replace('\n', ' ').strip();
    }

    /** {@code position} counts code points from the start. */
    private static int lineAt(String text, int position) {
        int line = 1;
        int i = 0;
        for (int cp = 0; i < text.length() && cp < position; cp++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
            i += Character.charCount(text.codePointAt(i));
        }
        return line;
    }

    /**
     * Converts node by node. Aliases make the SnakeYAML graph share nodes; converting each once
     * keeps the tree's size that of the text, and a node met again while still being converted
     * is an alias to one of its own ancestors.
     */
    private static final class Converter {

        private final Map<Node, YamlNode> done = new IdentityHashMap<>();
        private final Map<Node, Boolean> inProgress = new IdentityHashMap<>();
        private int recursiveAt;

        YamlNode convert(Node node) {
            YamlNode converted = done.get(node);
            if (converted != null) {
                return converted;
            }
            int line = node.getStartMark().getLine() + 1;
            if (inProgress.put(node, Boolean.TRUE) != null) {
                recursiveAt = line;
                return new YamlNode.Empty(line);
            }
            converted = switch (node.getNodeId()) {
                case scalar -> scalar((ScalarNode) node, line);
                case sequence -> sequence((SequenceNode) node, line);
                case mapping -> mapping((MappingNode) node, line);
                default -> new YamlNode.Empty(line); // anchors are resolved by the composer; nothing else exists
            };
            inProgress.remove(node);
            done.put(node, converted);
            return converted;
        }

        private static YamlNode scalar(ScalarNode node, int line) {
            return Tag.NULL.equals(node.getTag()) ? new YamlNode.Empty(line) : new YamlNode.Scalar(node.getValue(), line);
        }

        private YamlNode sequence(SequenceNode node, int line) {
            List<YamlNode> items = new ArrayList<>();
            for (Node item : node.getValue()) {
                items.add(convert(item));
            }
            return new YamlNode.Sequence(List.copyOf(items), line);
        }

        private YamlNode mapping(MappingNode node, int line) {
            List<YamlNode.Entry> entries = new ArrayList<>();
            for (NodeTuple tuple : node.getValue()) {
                Node key = tuple.getKeyNode();
                // A list or mapping used as a key fits no schema; its placeholder name is reported as unknown.
                String name = key instanceof ScalarNode scalar ? scalar.getValue() : "(complex key)";
                entries.add(new YamlNode.Entry(name, key.getStartMark().getLine() + 1, convert(tuple.getValueNode())));
            }
            return new YamlNode.Mapping(List.copyOf(entries), line);
        }
    }
}
