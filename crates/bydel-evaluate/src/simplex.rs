//! Least squares over the unit simplex: min ‖X w − y‖² with w ≥ 0 and Σ w = 1 (the synthetic
//! control weights), by accelerated projected gradient (FISTA) on the normal equations.

/// The weights minimising `‖Σ_j w_j x_j − y‖²` over the simplex, where `x[j]` is donor `j`'s
/// path. Converges to the optimum within `tol` in the objective's scale; the result sums to 1.
pub fn simplex_least_squares(x: &[Vec<f64>], y: &[f64]) -> Vec<f64> {
    let j = x.len();
    if j == 0 {
        return Vec::new();
    }
    let g: Vec<Vec<f64>> = x
        .iter()
        .map(|a| x.iter().map(|b| dot(a, b)).collect())
        .collect();
    let b: Vec<f64> = x.iter().map(|a| dot(a, y)).collect();
    let l = largest_eigenvalue(&g).max(1e-300);
    let mut w = vec![1.0 / j as f64; j];
    let mut z = w.clone();
    let mut t = 1.0f64;
    for _ in 0..20_000 {
        let grad: Vec<f64> = g
            .iter()
            .zip(&b)
            .map(|(row, bi)| dot(row, &z) - bi)
            .collect();
        let step: Vec<f64> = z.iter().zip(&grad).map(|(zi, gi)| zi - gi / l).collect();
        let next = project(&step);
        let t_next = (1.0 + (1.0 + 4.0 * t * t).sqrt()) / 2.0;
        let moved: f64 = next.iter().zip(&w).map(|(a, b)| (a - b).abs()).sum();
        z = next
            .iter()
            .zip(&w)
            .map(|(n, o)| n + (t - 1.0) / t_next * (n - o))
            .collect();
        w = next;
        t = t_next;
        if moved < 1e-11 {
            break;
        }
    }
    w
}

/// Euclidean projection onto the unit simplex (Duchi et al. 2008).
fn project(v: &[f64]) -> Vec<f64> {
    let mut u = v.to_vec();
    u.sort_by(|a, b| b.total_cmp(a));
    let mut cum = 0.0;
    let mut theta = 0.0;
    for (i, ui) in u.iter().enumerate() {
        cum += ui;
        let th = (cum - 1.0) / (i + 1) as f64;
        if ui - th > 0.0 {
            theta = th;
        }
    }
    v.iter().map(|x| (x - theta).max(0.0)).collect()
}

fn largest_eigenvalue(g: &[Vec<f64>]) -> f64 {
    let mut v = vec![1.0; g.len()];
    let mut lambda = 0.0;
    for _ in 0..200 {
        let w: Vec<f64> = g.iter().map(|row| dot(row, &v)).collect();
        let norm = dot(&w, &w).sqrt();
        if norm == 0.0 {
            return 0.0;
        }
        lambda = norm / dot(&v, &v).sqrt();
        v = w.iter().map(|x| x / norm).collect();
    }
    lambda * 1.01
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_convex_combination() {
        let x = vec![
            vec![0.1, 0.2, 0.3, 0.2],
            vec![0.5, 0.4, 0.6, 0.5],
            vec![0.9, 0.7, 0.8, 0.9],
        ];
        let y: Vec<f64> = (0..4).map(|t| 0.3 * x[0][t] + 0.7 * x[1][t]).collect();
        let w = simplex_least_squares(&x, &y);
        assert!(
            (w[0] - 0.3).abs() < 1e-6 && (w[1] - 0.7).abs() < 1e-6 && w[2].abs() < 1e-6,
            "{w:?}"
        );
        let p = project(&[2.0, 0.0, -1.0]);
        assert_eq!(p, vec![1.0, 0.0, 0.0]);
        assert!((project(&[0.2, 0.2]).iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}
