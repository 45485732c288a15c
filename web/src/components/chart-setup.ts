// Loaded on demand (dynamic import) so Chart.js never weighs on a page that draws no chart.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.locale = 'de-DE';
Chart.defaults.font.family = '"Fira Sans", "Noto Sans", Arial, sans-serif';
Chart.defaults.color = '#1b1b1b';

export { Chart };
