// Random search: its points are not on a lattice, so validation accuracy over eta x lambda is a scatter (one point per
// configuration, log axes where the request sampled a dimension log-uniformly), not a heatmap.
import {pct, num, RAMP} from './util.js';

/** Draws the configurations on the chart; pruned ones as triangles, unfinished ones as grey rings. */
export function drawScatter(c, configs, dims) {
  const x = dims.eta, y = dims.lambda;
  const axis = (d, name) => ({type: d?.scale === 'log' ? 'log' : 'value', name, nameLocation: 'middle', nameGap: 30,
    scale: true, axisLabel: {formatter: v => num(v)}});
  const point = cf => ({value: [cf.parameters.eta, cf.parameters.lambda, +(100 * cf.value).toFixed(2)], id: cf.first.id,
    config: cf});
  const finished = configs.filter(cf => cf.value !== null && !cf.prunedOnly).map(point);
  const pruned = configs.filter(cf => cf.prunedOnly).map(point);
  const waiting = configs.filter(cf => cf.value === null).map(cf => ({value: [cf.parameters.eta, cf.parameters.lambda]}));
  const values = [...finished, ...pruned].map(p => p.value[2]);
  const lo = values.length ? Math.min(...values) : 0, hi = values.length ? Math.max(...values) : 1;
  c.setOption({
    animation: false,
    grid: {left: 64, right: 24, top: 64, bottom: 48},
    legend: {top: 0, left: 0, data: ['finished', 'pruned', 'not finished']},
    xAxis: axis(x, 'η'),
    yAxis: axis(y, 'λ'),
    visualMap: {type: 'continuous', min: lo, max: hi,
      dimension: 2, seriesIndex: [0, 1], inRange: {color: RAMP}, orient: 'horizontal', right: 0, top: 26, itemHeight: 90,
      text: [`${hi.toFixed(1)} %`, `validation ${lo.toFixed(1)} %`], calculable: false},
    tooltip: {formatter: p => {
      const cf = p.data.config;
      if (!cf) return `η ${num(p.value[0])}, λ ${num(p.value[1])}: not finished`;
      const mean = cf.repeats.length > 1 ? ` (mean of ${cf.prunedOnly ? cf.pruned.length : cf.succeeded})` : '';
      return `η ${num(p.value[0])}, λ ${num(p.value[1])}, batch ${cf.parameters.batchSize}: validation ${pct(cf.value)}${mean}`
          + (cf.prunedOnly ? `, pruned at epoch ${cf.prunedAt}` : '');
    }},
    series: [
      {name: 'finished', type: 'scatter', symbolSize: 14, data: finished},
      {name: 'pruned', type: 'scatter', symbol: 'triangle', symbolSize: 14, data: pruned},
      {name: 'not finished', type: 'scatter', symbolSize: 10, itemStyle: {color: 'transparent', borderColor: '#9ca3af', borderWidth: 1.5},
        data: waiting},
    ],
  }, {notMerge: true});
  const dom = c.getDom();
  dom.dataset.points = finished.length + pruned.length;
  dom.dataset.pruned = pruned.length;
  dom.dataset.xScale = x?.scale === 'log' ? 'log' : 'linear';
  dom.dataset.yScale = y?.scale === 'log' ? 'log' : 'linear';
}

/** A click on a point opens its (first) trial. */
export function openOnClick(c) {
  c.on('click', p => { if (p.data?.id) location.hash = `#/trials/${p.data.id}`; });
}
