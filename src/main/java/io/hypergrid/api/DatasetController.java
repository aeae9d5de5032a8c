package io.hypergrid.api;

import io.hypergrid.catalog.DatasetCatalog;
import io.hypergrid.catalog.DatasetStatus;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DatasetController {
    private final DatasetCatalog catalog;

    DatasetController(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @Operation(summary = "The data sets known, whether each is ready, and fetch progress")
    @GetMapping("/api/datasets")
    List<DatasetStatus> datasets() {
        return catalog.statuses();
    }
}
