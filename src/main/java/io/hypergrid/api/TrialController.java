package io.hypergrid.api;

import io.hypergrid.config.HypergridProperties;
import io.hypergrid.search.ranking.Ranking;
import io.hypergrid.search.ranking.TopTrial;
import io.hypergrid.search.trial.EpochView;
import io.hypergrid.search.trial.TrialView;
import io.hypergrid.search.trial.TrialWeights;
import io.hypergrid.search.trial.Trials;
import io.hypergrid.web.WeightsImage;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.WebRequest;
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
    private final Trials trials;
    private final Ranking ranking;
    private final Paging paging;
    private final io.hypergrid.catalog.DatasetCatalog catalog;

    TrialController(Trials trials, Ranking ranking, HypergridProperties properties,
                    io.hypergrid.catalog.DatasetCatalog catalog) {
        this.catalog = catalog;
        this.trials = trials;
        this.ranking = ranking;
        this.paging = new Paging(properties.limits().maxPageSize());
    }

    @Operation(summary = "The k best configurations across all searches, optionally of one data set and split")
    @GetMapping("/top")
    List<TopTrial> top(@RequestParam(defaultValue = "5") int k, @RequestParam(defaultValue = "validation") String by,
                       @RequestParam(required = false) String dataset, @RequestParam(required = false) String split) {
        if (dataset != null && catalog.statuses().stream().noneMatch(d -> d.name().equals(dataset))) {
            throw new BadParameterException("dataset", "unknown data set (one of " + String.join(", ",
                    catalog.statuses().stream().map(io.hypergrid.catalog.DatasetStatus::name).toList()) + ")");
        }
        if (split != null && java.util.Arrays.stream(io.hypergrid.dataset.Split.values()).noneMatch(s -> s.id().equals(split))) {
            throw new BadParameterException("split", "must be batch1 or all");
        }
        return ranking.topAcross(paging.k(k), paging.byTest(by), dataset, split);
    }

    @Operation(summary = "One trial: parameters, state, attempt, results, per-class accuracy, confusion matrix")
    @GetMapping("/{id}")
    TrialView trial(@PathVariable long id) {
        return trials.view(id);
    }

    @Operation(summary = "A trial's per-epoch curves (epoch 0 is before training)")
    @GetMapping("/{id}/epochs")
    List<EpochView> epochs(@PathVariable long id) {
        return trials.epochs(id);
    }

    @Operation(summary = "The final weights as one 32 x 32 colour template per class (CIFAR-10 layout), each min-max"
            + " normalised, scaled up, side by side in class order")
    @GetMapping(value = "/{id}/weights.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> weights(@PathVariable long id,
                                   @Parameter(description = "pixels per weight, 1 to 16") @RequestParam(defaultValue = "4") int scale,
                                   WebRequest request) {
        if (scale < 1 || scale > 16) {
            throw new BadParameterException("scale", "must be from 1 to 16");
        }
        TrialView trial = trials.view(id);
        // stored when the trial succeeds and never changed after (a succeeded trial is never retried)
        String etag = "\"" + id + "-" + trial.attempt() + "-" + scale + "\"";
        if (request.checkNotModified(etag)) {
            return null;
        }
        TrialWeights w = trials.weights(id);
        byte[] png = WeightsImage.png(WeightsImage.render(w.w(), w.classes(), w.features(), scale));
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).eTag(etag)
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1))).body(png);
    }
}
