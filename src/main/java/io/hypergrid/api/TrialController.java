package io.hypergrid.api;

import io.hypergrid.HypergridProperties;
import io.hypergrid.search.EpochView;
import io.hypergrid.search.SearchService;
import io.hypergrid.search.TopTrial;
import io.hypergrid.search.TrialView;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/trials")
class TrialController {
    private final SearchService searches;
    private final Paging paging;

    TrialController(SearchService searches, HypergridProperties properties) {
        this.searches = searches;
        this.paging = new Paging(properties.limits().maxPageSize());
    }

    @Operation(summary = "The k best configurations across all searches, optionally of one data set and split")
    @GetMapping("/top")
    List<TopTrial> top(@RequestParam(defaultValue = "5") int k, @RequestParam(defaultValue = "validation") String by,
                       @RequestParam(required = false) String dataset, @RequestParam(required = false) String split) {
        return searches.topAcross(paging.k(k), paging.byTest(by), dataset, split);
    }

    @Operation(summary = "One trial: parameters, state, attempt, results, per-class accuracy, confusion matrix")
    @GetMapping("/{id}")
    TrialView trial(@PathVariable long id) {
        return searches.trial(id);
    }

    @Operation(summary = "A trial's per-epoch curves (epoch 0 is before training)")
    @GetMapping("/{id}/epochs")
    List<EpochView> epochs(@PathVariable long id) {
        return searches.epochs(id);
    }
}
