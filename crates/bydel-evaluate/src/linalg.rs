//! A symmetric solve for small covariance matrices (the pre-trend Wald test).

/// Solves `a x = b` for a small symmetric positive semi-definite `a` by Gauss–Jordan elimination
/// with partial pivoting; directions with a pivot below `1e-12 × max diagonal` are dropped (a
/// generalised inverse), and the number of kept directions is returned with the solution.
pub fn solve_psd(a: &[Vec<f64>], b: &[f64]) -> (Vec<f64>, usize) {
    let n = b.len();
    let scale = (0..n).map(|i| a[i][i].abs()).fold(0.0, f64::max);
    let tol = 1e-12 * scale.max(f64::MIN_POSITIVE);
    let mut m: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            let mut row = a[i].clone();
            row.push(b[i]);
            row
        })
        .collect();
    let mut kept = vec![false; n];
    let mut pivot_col = vec![usize::MAX; n];
    for col in 0..n {
        let pivot = (0..n)
            .filter(|&r| !kept[r])
            .max_by(|&x, &y| m[x][col].abs().total_cmp(&m[y][col].abs()));
        let Some(p) = pivot else { break };
        if m[p][col].abs() <= tol {
            continue;
        }
        kept[p] = true;
        pivot_col[p] = col;
        let pv = m[p][col];
        for v in m[p].iter_mut() {
            *v /= pv;
        }
        let prow = m[p].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r != p && row[col] != 0.0 {
                let f = row[col];
                for (v, pv) in row.iter_mut().zip(&prow) {
                    *v -= f * pv;
                }
            }
        }
    }
    let mut x = vec![0.0; n];
    let mut rank = 0;
    for (r, row) in m.iter().enumerate() {
        if kept[r] {
            rank += 1;
            x[pivot_col[r]] = row[n];
        }
    }
    (x, rank)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_and_handles_singular() {
        let a = vec![vec![4.0, 2.0], vec![2.0, 3.0]];
        let (x, r) = solve_psd(&a, &[2.0, 1.0]);
        assert_eq!(r, 2);
        assert!((4.0 * x[0] + 2.0 * x[1] - 2.0).abs() < 1e-12);
        assert!((2.0 * x[0] + 3.0 * x[1] - 1.0).abs() < 1e-12);
        let s = vec![vec![1.0, 1.0], vec![1.0, 1.0]];
        let (_, r) = solve_psd(&s, &[1.0, 1.0]);
        assert_eq!(r, 1);
    }
}
