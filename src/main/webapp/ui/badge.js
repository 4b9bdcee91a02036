// The confidence badge (seed 002): green above 90 %, yellow from 70 %, red below.

export function confidenceBadge(value) {
  const badge = document.createElement('span');
  const level = value > 0.9 ? 'high' : value >= 0.7 ? 'medium' : 'low';
  badge.className = `badge confidence ${level}`;
  badge.dataset.level = level;
  badge.textContent = `${Math.round(value * 100)} % confident`;
  badge.title = 'How well the answer is grounded in its sources';
  return badge;
}
