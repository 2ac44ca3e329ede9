// claimbench report: turns each chart's data block (written by reports/html_report.cpp from
// the database) into a Vega 5 specification and renders it as SVG. No network access: Vega is
// inlined in the page above this script.
//
// Every chart's data block is <script type="application/json" class="chart-data" data-chart=ID>
// holding {"type": ..., "title": ..., "rows": [...], ...}; the element with id ID receives the
// chart and carries data-expected-points (rows the generator wrote). After Vega's promises
// resolve, each chart element gets data-marks (point marks drawn, from the mark named
// "cbpoints") and <body> gets data-charts-rendered (charts whose points all rendered),
// data-chart-marks (their total), and data-chart-errors on any failure. The browser test reads
// these attributes from the rendered DOM.
(function () {
  'use strict';

  const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2',
                  '#7f7f7f', '#bcbd22'];
  const OUTCOME_COLORS = {faster: '#1a7f37', slower: '#cf222e', same: '#6e7781'};

  function base(chart, width, height) {
    return {
      $schema: 'https://vega.github.io/schema/vega/v5.json',
      width: width, height: height, padding: 8, autosize: 'pad',
      title: {text: chart.title, anchor: 'start', fontSize: 13},
      config: {axis: {labelFontSize: 11, titleFontSize: 11}, legend: {labelFontSize: 11, titleFontSize: 11}},
      data: [{name: 'rows', values: chart.rows}],
      scales: [], axes: [], legends: [], marks: []
    };
  }

  function color(domain) {
    return {name: 'color', type: 'ordinal', domain: domain, range: COLORS};
  }

  function points(x, y, extra) {
    const enter = Object.assign({
      x: x, y: y, fill: {scale: 'color', field: 'series'}, stroke: {value: '#222'}, strokeWidth: {value: 0.5},
      size: {value: 64}, tooltip: {field: 'tip'}
    }, extra || {});
    return {type: 'symbol', name: 'cbpoints', from: {data: 'rows'}, encode: {enter: enter}};
  }

  function seriesLines(xField, yField, xscale, yscale) {
    return {
      type: 'group', from: {facet: {name: 'series_rows', data: 'rows', groupby: 'series'}},
      marks: [{
        type: 'line', from: {data: 'series_rows'}, sort: {field: 'datum.' + xField},
        encode: {enter: {x: {scale: xscale || 'x', field: xField}, y: {scale: yscale || 'y', field: yField},
                         stroke: {scale: 'color', field: 'series'}, strokeOpacity: {value: 0.55}, strokeWidth: {value: 1.5}}}
      }]
    };
  }

  function verticalBars(xEnc, lowField, highField) {
    return {type: 'rule', from: {data: 'rows'}, encode: {enter: {
      x: xEnc, y: {scale: 'y', field: lowField}, y2: {scale: 'y', field: highField},
      stroke: {scale: 'color', field: 'series'}, strokeWidth: {value: 1.5}}}};
  }

  function horizontalBars(yEnc, lowField, highField, stroke) {
    return {type: 'rule', from: {data: 'rows'}, encode: {enter: {
      y: yEnc, x: {scale: 'x', field: lowField}, x2: {scale: 'x', field: highField},
      stroke: stroke || {scale: 'color', field: 'series'}, strokeWidth: {value: 1.5}}}};
  }

  // A horizontal line at y = value with a label; `below` shades the region under it.
  function threshold(value, label, below) {
    const marks = [];
    if (below) marks.push({type: 'rect', encode: {enter: {
      x: {value: 0}, x2: {signal: 'width'}, y: {scale: 'y', value: value}, y2: {signal: 'height'},
      fill: {value: '#cf222e'}, fillOpacity: {value: 0.06}}}});
    marks.push({type: 'rule', encode: {enter: {
      x: {value: 0}, x2: {signal: 'width'}, y: {scale: 'y', value: value},
      stroke: {value: '#cf222e'}, strokeDash: {value: [6, 4]}, strokeWidth: {value: 1.5}}}});
    marks.push({type: 'text', encode: {enter: {
      x: {signal: 'width'}, y: {scale: 'y', value: value}, dy: {value: -5}, align: {value: 'right'},
      text: {value: label}, fill: {value: '#cf222e'}, fontSize: {value: 11}}}});
    return marks;
  }

  function legend(title) {
    return {fill: 'color', title: title, orient: 'bottom', direction: 'vertical', columns: 2, symbolType: 'circle',
            labelLimit: 280, titleLimit: 500};
  }

  const builders = {
    // Speedup against the strongest dense baseline, by tokens (N), one series per shape and
    // thread count; the crossover speedup = 1 is drawn and the slower-than-dense region shaded.
    'speedup-tokens': function (chart) {
      const spec = base(chart, 560, 300);
      spec.scales.push({name: 'x', type: 'log', base: 2, domain: chart.xdomain, range: 'width'});
      spec.scales.push({name: 'y', type: 'log', domain: chart.ydomain, range: 'height'});
      spec.scales.push(color(chart.series));
      spec.axes.push({orient: 'bottom', scale: 'x', title: chart.xtitle, values: chart.xticks});
      spec.axes.push({orient: 'left', scale: 'y', title: chart.ytitle, grid: true, gridOpacity: 0.4, values: chart.yticks});
      spec.legends.push(legend(chart.legend));
      const x = {scale: 'x', field: 'x', offset: {field: 'xoff'}};
      spec.marks = threshold(1, 'crossover: speedup = 1 (shaded: slower than dense)', true)
        .concat([seriesLines('x', 'y'), verticalBars(x, 'low', 'high'), points(x, {scale: 'y', field: 'y'})]);
      return spec;
    },

    // Throughput of the sparse candidate and each dense baseline, per workload and thread count.
    'throughput-shape': function (chart) {
      const spec = base(chart, Math.max(560, 48 * chart.labels.length), 300);
      spec.scales.push({name: 'x', type: 'band', domain: chart.labels, range: 'width', padding: 0.15});
      spec.scales.push({name: 'y', type: 'linear', domain: chart.ydomain, range: 'height', nice: true, zero: true});
      spec.scales.push(color(chart.series));
      spec.axes.push({orient: 'bottom', scale: 'x', title: chart.xtitle, labelAngle: -35, labelAlign: 'right', labelLimit: 220});
      spec.axes.push({orient: 'left', scale: 'y', title: chart.ytitle, grid: true, gridOpacity: 0.4});
      spec.legends.push(legend(chart.legend));
      const x = {signal: "scale('x', datum.label) + bandwidth('x') * datum.off"};
      spec.marks = [verticalBars(x, 'low', 'high'), points(x, {scale: 'y', field: 'y'},
        {shape: {signal: "datum.role === 'candidate' ? 'diamond' : 'circle'"}, size: {signal: "datum.role === 'candidate' ? 110 : 60"}})];
      return spec;
    },

    // Roofline: attained useful GFLOP/s against arithmetic intensity (useful FLOPs per byte of
    // compulsory traffic), under this machine's measured peak and triad bandwidth.
    'roofline': function (chart) {
      const spec = base(chart, 560, 320);
      spec.data.push({name: 'roofs', values: chart.roofs});
      spec.data.push({name: 'rooflabels', values: chart.rooflabels});
      spec.scales.push({name: 'x', type: 'log', domain: chart.xdomain, range: 'width'});
      spec.scales.push({name: 'y', type: 'log', domain: chart.ydomain, range: 'height'});
      spec.scales.push(color(chart.series));
      spec.axes.push({orient: 'bottom', scale: 'x', title: chart.xtitle, grid: true, gridOpacity: 0.3});
      spec.axes.push({orient: 'left', scale: 'y', title: chart.ytitle, grid: true, gridOpacity: 0.3});
      spec.legends.push(legend(chart.legend));
      spec.marks = [
        {type: 'group', from: {facet: {name: 'roof_rows', data: 'roofs', groupby: 'roof'}}, marks: [{
          type: 'line', from: {data: 'roof_rows'}, sort: {field: 'datum.x'},
          encode: {enter: {x: {scale: 'x', field: 'x'}, y: {scale: 'y', field: 'y'}, stroke: {value: '#444'},
                           strokeWidth: {value: 2}, strokeDash: {signal: "datum.dash ? [5, 3] : []"}}}}]},
        {type: 'text', from: {data: 'rooflabels'}, encode: {enter: {
          x: {scale: 'x', field: 'x'}, y: {scale: 'y', field: 'y'}, dy: {value: -6}, align: {value: 'right'},
          text: {field: 'text'}, fill: {value: '#444'}, fontSize: {value: 10}}}},
        points({scale: 'x', field: 'x'}, {scale: 'y', field: 'y'},
          {shape: {signal: "datum.threads > 1 ? 'triangle-up' : 'circle'"}})
      ];
      return spec;
    },

    // SNAP (simulated): PE utilization against weight density, one series per implementation
    // and activation density.
    'snap-utilization': function (chart) {
      const spec = base(chart, 560, 300);
      spec.scales.push({name: 'x', type: 'linear', domain: [0, 1], range: 'width'});
      spec.scales.push({name: 'y', type: 'linear', domain: [0, 1], range: 'height'});
      spec.scales.push(color(chart.series));
      spec.axes.push({orient: 'bottom', scale: 'x', title: chart.xtitle, format: '%'});
      spec.axes.push({orient: 'left', scale: 'y', title: chart.ytitle, format: '%', grid: true, gridOpacity: 0.4});
      spec.legends.push(legend(chart.legend));
      spec.marks = [seriesLines('x', 'y'), points({scale: 'x', field: 'x'}, {scale: 'y', field: 'y'})];
      return spec;
    },

    // Accuracy against sparsity, one series per granularity (the workload's pattern).
    'accuracy-sparsity': function (chart) {
      const spec = base(chart, 560, 300);
      spec.scales.push({name: 'x', type: 'linear', domain: [0, 1], range: 'width'});
      spec.scales.push({name: 'y', type: 'linear', domain: chart.ydomain, range: 'height', nice: true});
      spec.scales.push(color(chart.series));
      spec.axes.push({orient: 'bottom', scale: 'x', title: chart.xtitle, format: '%'});
      spec.axes.push({orient: 'left', scale: 'y', title: chart.ytitle, format: '.1%', grid: true, gridOpacity: 0.4});
      spec.legends.push(legend(chart.legend));
      const x = {scale: 'x', field: 'x'};
      spec.marks = [seriesLines('x', 'y'), verticalBars(x, 'low', 'high'), points(x, {scale: 'y', field: 'y'})];
      return spec;
    },

    // Accuracy–speed–energy: speedup (x, with interval) against accuracy (y, with interval);
    // the point's area is the energy per inference.
    'tradeoff': function (chart) {
      const spec = base(chart, 560, 320);
      spec.scales.push({name: 'x', type: 'log', domain: chart.xdomain, range: 'width'});
      spec.scales.push({name: 'y', type: 'linear', domain: chart.ydomain, range: 'height', nice: true});
      spec.scales.push({name: 'size', type: 'linear', domain: chart.energydomain, range: [40, 600], zero: false});
      spec.scales.push(color(chart.series));
      spec.axes.push({orient: 'bottom', scale: 'x', title: chart.xtitle});
      spec.axes.push({orient: 'left', scale: 'y', title: chart.ytitle, format: '.1%', grid: true, gridOpacity: 0.4});
      spec.legends.push(legend(chart.legend));
      spec.legends.push({size: 'size', title: chart.sizetitle, orient: 'right', symbolType: 'circle'});
      const x = {scale: 'x', field: 'x'}, y = {scale: 'y', field: 'y'};
      spec.marks = [
        {type: 'rule', encode: {enter: {x: {scale: 'x', value: 1}, y: {value: 0}, y2: {signal: 'height'},
          stroke: {value: '#cf222e'}, strokeDash: {value: [6, 4]}}}},
        verticalBars(x, 'ylow', 'yhigh'), horizontalBars(y, 'xlow', 'xhigh'),
        points(x, y, {size: {scale: 'size', field: 'energy'}, fillOpacity: {value: 0.7}})
      ];
      return spec;
    },

    // Two runs: time ratio B/A per matched measurement with its interval; colour = decision.
    'compare': function (chart) {
      const spec = base(chart, 520, Math.max(120, 18 * chart.labels.length));
      spec.scales.push({name: 'x', type: 'log', domain: chart.xdomain, range: 'width'});
      spec.scales.push({name: 'y', type: 'band', domain: chart.labels, range: 'height', padding: 0.3});
      spec.scales.push({name: 'color', type: 'ordinal', domain: ['faster', 'same', 'slower'],
                        range: [OUTCOME_COLORS.faster, OUTCOME_COLORS.same, OUTCOME_COLORS.slower]});
      spec.axes.push({orient: 'bottom', scale: 'x', title: chart.xtitle, grid: true, gridOpacity: 0.3});
      spec.axes.push({orient: 'left', scale: 'y', labelLimit: 360, labelFontSize: 10});
      spec.legends.push({fill: 'color', title: 'run B is', orient: 'top', direction: 'horizontal'});
      const y = {scale: 'y', field: 'label', band: 0.5};
      spec.marks = [
        {type: 'rule', encode: {enter: {x: {scale: 'x', value: 1}, y: {value: 0}, y2: {signal: 'height'},
          stroke: {value: '#444'}, strokeDash: {value: [4, 3]}}}},
        horizontalBars(y, 'low', 'high'),
        points({scale: 'x', field: 'x'}, y)
      ];
      return spec;
    }
  };

  function fail(message) {
    const body = document.body;
    const previous = body.getAttribute('data-chart-errors');
    body.setAttribute('data-chart-errors', (previous ? previous + ' | ' : '') + message);
  }

  function render() {
    (window.claimbenchErrors || []).forEach(function (m) { fail('script error: ' + m); });
    const blocks = Array.prototype.slice.call(document.querySelectorAll('script.chart-data'));
    document.body.setAttribute('data-charts-expected', String(blocks.length));
    if (typeof vega === 'undefined' || !vega.View) {
      fail('Vega is not bundled in this page (claimbench was built without libjs-vega)');
      return;
    }
    const jobs = blocks.map(function (block) {
      const id = block.getAttribute('data-chart');
      const element = document.getElementById(id);
      try {
        const chart = JSON.parse(block.textContent);
        const build = builders[chart.type];
        if (!build) throw new Error('unknown chart type ' + chart.type);
        const view = new vega.View(vega.parse(build(chart)), {renderer: 'svg', container: element, hover: true});
        return view.runAsync().then(function () {
          const marks = element.querySelectorAll('g.cbpoints > path').length;
          element.setAttribute('data-marks', String(marks));
          const expected = Number(element.getAttribute('data-expected-points'));
          if (marks !== expected) fail(id + ': ' + marks + ' point marks, expected ' + expected);
          return marks === expected ? marks : -1;
        });
      } catch (e) {
        fail(id + ': ' + e.message);
        return Promise.resolve(-1);
      }
    });
    Promise.all(jobs).then(function (counts) {
      const ok = counts.filter(function (c) { return c >= 0; });
      document.body.setAttribute('data-chart-marks', String(ok.reduce(function (a, b) { return a + b; }, 0)));
      document.body.setAttribute('data-charts-rendered', String(ok.length));
    }).catch(function (e) { fail(String(e && e.message || e)); });
  }

  // Errors raised before this script ran (the inlined library) were collected by the
  // page's first script into window.claimbenchErrors; later ones go straight to the body.
  window.addEventListener('error', function (event) { fail('script error: ' + event.message); });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render);
  else render();
})();
