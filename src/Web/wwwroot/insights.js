// Draws the insights charts with Chart.js (installed from npm by the build into lib/). The page sends each chart's
// numbers as they came from the insights queries; the tooltip shows them unrounded beyond the unit's precision, so a
// browser test can compare what a hover shows with GET /api/insights/series.
let loading;
const charts = new Map();

function chartJs() {
    // The UMD build sets globalThis.Chart when imported as a module.
    loading ??= import('./lib/chart.js/chart.umd.js').then(() => globalThis.Chart);
    return loading;
}

const units = {
    seconds: { axis: 'seconds', format: v => `${v.toFixed(1)} s` },
    percent: { axis: '% of steps cached', format: v => `${v.toFixed(1)} %` },
    builds: { axis: 'builds', format: v => `${v}` },
};

export async function draw(canvasId, spec, dotnet) {
    const Chart = await chartJs();
    const canvas = document.getElementById(canvasId);
    if (!canvas)
        return;
    charts.get(canvas.id)?.destroy();
    const unit = units[spec.unit];
    const chart = new Chart(canvas, {
        type: spec.kind,
        data: {
            labels: spec.labels,
            datasets: spec.datasets.map(d => ({
                label: d.label,
                data: d.data,
                borderColor: d.color,
                backgroundColor: spec.kind === 'bar' ? d.color : d.color + '33',
                pointRadius: 3,
                pointHoverRadius: 6,
                spanGaps: false,
                stack: spec.stacked ? 'all' : undefined,
            })),
        },
        options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            interaction: { mode: 'index', intersect: false },
            scales: {
                x: { stacked: spec.stacked, title: { display: true, text: spec.xTitle } },
                y: {
                    stacked: spec.stacked, beginAtZero: true, max: spec.unit === 'percent' ? 100 : undefined,
                    title: { display: true, text: unit.axis },
                    ticks: spec.unit === 'builds' ? { precision: 0 } : {},
                },
            },
            plugins: {
                legend: { position: 'bottom' },
                tooltip: {
                    callbacks: {
                        title: items => items.length ? spec.titles[items[0].dataIndex] : '',
                        label: item => `${item.dataset.label}: ${item.parsed.y === null ? 'none' : unit.format(item.parsed.y)}`,
                        footer: () => 'Click to list these builds',
                    },
                },
            },
            onClick: (_, elements, c) => {
                const points = c.getElementsAtEventForMode(_, 'index', { intersect: false }, false);
                const index = (elements[0] ?? points[0])?.index;
                if (index !== undefined)
                    dotnet.invokeMethodAsync('ShowBucket', spec.starts[index]);
            },
        },
    });
    charts.set(canvas.id, chart);
    // For the browser test: the drawn charts, by canvas id.
    globalThis.farmInsights = Object.fromEntries(charts);
}

export function dispose() {
    for (const chart of charts.values())
        chart.destroy();
    charts.clear();
}
