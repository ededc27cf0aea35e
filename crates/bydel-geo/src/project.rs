//! Map projection: WGS84 longitude/latitude to UTM zone 32N (EPSG:25832, the Danish standard),
//! by the Krüger series of the transverse Mercator projection (accurate to well under a metre).

use crate::polygon::Point;

/// Projects WGS84 (lon, lat in degrees) to UTM 32N (easting, northing in metres).
pub fn utm32(p: Point) -> Point {
    const A: f64 = 6_378_137.0;
    const F: f64 = 1.0 / 298.257_223_563;
    const K0: f64 = 0.9996;
    let lon0 = 9f64.to_radians();
    let n = F / (2.0 - F);
    let a_hat = A / (1.0 + n) * (1.0 + n * n / 4.0 + n.powi(4) / 64.0);
    let alpha = [
        n / 2.0 - 2.0 * n * n / 3.0 + 5.0 * n.powi(3) / 16.0,
        13.0 * n * n / 48.0 - 3.0 * n.powi(3) / 5.0,
        61.0 * n.powi(3) / 240.0,
    ];
    let (lat, dlon) = (p.y.to_radians(), p.x.to_radians() - lon0);
    let e = (F * (2.0 - F)).sqrt();
    let t = (lat.sin().atanh() - e * (e * lat.sin()).atanh()).sinh();
    let xi = t.atan2(dlon.cos());
    let eta = (dlon.sin() / (1.0 + t * t).sqrt()).atanh();
    let (mut x, mut y) = (eta, xi);
    for (j, a) in alpha.iter().enumerate() {
        let k = 2.0 * (j + 1) as f64;
        x += a * (k * xi).cos() * (k * eta).sinh();
        y += a * (k * xi).sin() * (k * eta).cosh();
    }
    Point {
        x: 500_000.0 + K0 * a_hat * x,
        y: K0 * a_hat * y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_point() {
        // Copenhagen City Hall square, approx. 12.5683 E, 55.6761 N → 724,6xx E, 6,175,xxx N.
        let p = utm32(Point {
            x: 12.5683,
            y: 55.6761,
        });
        assert!((p.x - 724_600.0).abs() < 300.0, "{p:?}");
        assert!((p.y - 6_175_900.0).abs() < 600.0, "{p:?}");
        // On the central meridian the easting is the false easting.
        assert!((utm32(Point { x: 9.0, y: 56.0 }).x - 500_000.0).abs() < 1e-6);
    }
}
