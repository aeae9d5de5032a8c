package io.hypergrid;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The modules (the packages under io.hypergrid) and their APIs: no cycles between modules, and no module reaching
 * into another's internals, only its base package and the sub-packages it names as interfaces.
 */
class ModulesTest {
    static final ApplicationModules MODULES = ApplicationModules.of(HypergridApplication.class);

    @Test
    void modulesUseEachOtherOnlyThroughTheirApisAndFormNoCycle() {
        MODULES.verify();
    }
}
