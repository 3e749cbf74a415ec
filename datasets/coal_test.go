package datasets

import "testing"

// bootCoalYears are the integer parts of the 191 dates of R's boot::coal
// (Rdatasets csv/boot/coal.csv), an independent copy of Jarrett's dates.
var bootCoalYears = []int{
	1851, 1851, 1851, 1851, 1852, 1852, 1852, 1852, 1852, 1853, 1853, 1853, 1853, 1854, 1856, 1856, 1856, 1856,
	1857, 1857, 1857, 1858, 1858, 1858, 1858, 1860, 1860, 1860, 1860, 1860, 1860, 1861, 1861, 1861, 1862, 1862,
	1862, 1863, 1863, 1863, 1863, 1865, 1865, 1866, 1866, 1866, 1866, 1866, 1866, 1867, 1867, 1867, 1868, 1868,
	1868, 1869, 1869, 1869, 1869, 1869, 1870, 1870, 1870, 1870, 1871, 1871, 1871, 1871, 1871, 1872, 1872, 1872,
	1873, 1874, 1874, 1874, 1874, 1875, 1875, 1875, 1875, 1876, 1877, 1877, 1877, 1877, 1877, 1878, 1878, 1878,
	1878, 1878, 1879, 1879, 1879, 1880, 1880, 1880, 1880, 1881, 1881, 1882, 1882, 1882, 1882, 1882, 1883, 1883,
	1884, 1884, 1885, 1885, 1885, 1886, 1886, 1886, 1886, 1887, 1887, 1888, 1889, 1889, 1889, 1890, 1890, 1891,
	1891, 1892, 1893, 1894, 1895, 1896, 1896, 1896, 1899, 1901, 1902, 1905, 1905, 1905, 1906, 1908, 1908, 1908,
	1909, 1909, 1910, 1910, 1912, 1913, 1914, 1916, 1918, 1922, 1922, 1923, 1927, 1928, 1930, 1930, 1931, 1931,
	1931, 1932, 1932, 1932, 1933, 1934, 1935, 1935, 1936, 1937, 1938, 1939, 1940, 1940, 1941, 1941, 1941, 1942,
	1942, 1942, 1946, 1947, 1947, 1947, 1947, 1951, 1957, 1960, 1962,
}

func TestCoalDisasters(t *testing.T) {
	years, counts := CoalDisasters()
	if len(years) != 112 || len(counts) != 112 || years[0] != 1851 || years[111] != 1962 {
		t.Fatalf("want 112 years 1851..1962, got %d counts, years %d..%d", len(counts), years[0], years[len(years)-1])
	}
	total := 0
	for _, c := range counts {
		total += c
	}
	if total != 191 || len(bootCoalYears) != 191 {
		t.Fatalf("%d disasters (boot: %d), want 191", total, len(bootCoalYears))
	}
	binned := make([]int, 112)
	for _, y := range bootCoalYears {
		binned[y-CoalFirstYear]++
	}
	for i, c := range counts {
		want := binned[i]
		switch years[i] { // the explosion dated 1942.0007 by boot is in 1941 here
		case 1941:
			want++
		case 1942:
			want--
		}
		if c != want {
			t.Errorf("%d: %d disasters, boot::coal gives %d", years[i], c, want)
		}
	}
	counts[0] = -1 // a copy: the package's data is unchanged
	if _, again := CoalDisasters(); again[0] != 4 {
		t.Error("CoalDisasters returned its own array")
	}
}
