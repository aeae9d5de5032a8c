package io.hypergrid.dataset.fetch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelJsonTest {
    private static int[] parse(String json) throws IOException {
        return LabelJson.parse(json.getBytes(StandardCharsets.US_ASCII), "labels.json");
    }

    @Test
    void parsesAnArrayOfClassIndexes() throws Exception {
        assertThat(parse("[6,9,9,4,1]")).containsExactly(6, 9, 9, 4, 1);
        assertThat(parse(" [ 0 ,\n 9 ]\n")).containsExactly(0, 9);
        assertThat(parse("[]")).isEmpty();
        assertThat(LabelJson.parse(TinyCifar.json(new int[5000]), "big.json")).hasSize(5000);
    }

    @Test
    void rejectsAnythingElseNamingTheFile() {
        assertThatThrownBy(() -> parse("{\"a\":1}")).hasMessage("labels.json is not a JSON array of labels: "
                + "does not start with '['");
        assertThatThrownBy(() -> parse("[1,10]")).hasMessageContaining("label 10 at position 1 is not a class index");
        assertThatThrownBy(() -> parse("[1,-1]")).hasMessageContaining("expected a class index");
        assertThatThrownBy(() -> parse("[1 2]")).hasMessageContaining("expected ',' or ']'");
        assertThatThrownBy(() -> parse("[1,2")).hasMessageContaining("expected ',' or ']'");
        assertThatThrownBy(() -> parse("[1] x")).hasMessageContaining("text after");
    }
}
