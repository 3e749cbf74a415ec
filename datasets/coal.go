package datasets

// coalCounts are the numbers of British coal-mining disasters (explosions
// that killed ten or more) in each year from 1851 to 1962, 191 in all.
var coalCounts = [...]int{
	4, 5, 4, 1, 0, 4, 3, 4, 0, 6, // 1851-1860
	3, 3, 4, 0, 2, 6, 3, 3, 5, 4, // 1861-1870
	5, 3, 1, 4, 4, 1, 5, 5, 3, 4, // 1871-1880
	2, 5, 2, 2, 3, 4, 2, 1, 3, 2, // 1881-1890
	2, 1, 1, 1, 1, 3, 0, 0, 1, 0, // 1891-1900
	1, 1, 0, 0, 3, 1, 0, 3, 2, 2, // 1901-1910
	0, 1, 1, 1, 0, 1, 0, 1, 0, 0, // 1911-1920
	0, 2, 1, 0, 0, 0, 1, 1, 0, 2, // 1921-1930
	3, 3, 1, 1, 2, 1, 1, 1, 1, 2, // 1931-1940
	4, 2, 0, 0, 0, 1, 4, 0, 0, 0, // 1941-1950
	1, 0, 0, 0, 0, 0, 1, 0, 0, 1, // 1951-1960
	0, 1, // 1961-1962
}

// CoalFirstYear is the year of the first count of CoalDisasters.
const CoalFirstYear = 1851

// CoalDisasters returns the British coal-mining disaster counts: the number
// of colliery explosions with ten or more deaths in each year from 1851 to
// 1962 (112 years, 191 disasters), the classic data set of change-point
// analysis. years[i] = CoalFirstYear + i. The slices are fresh copies.
//
// Provenance. The dates are Maguire, Pearson and Wynn (1952, Biometrika 39)
// as corrected by Jarrett (1979, "A note on the intervals between
// coal-mining disasters", Biometrika 66, 191-193); Raftery and Akman (1986,
// Biometrika 73, 85-89) analysed them as a Poisson process with a change
// point, and Carlin, Gelfand and Smith (1992, Applied Statistics 41,
// 389-405) tabulated them as these yearly counts. They were checked against
// two independent public sources: the 191 dates of R's boot::coal (Davison
// and Hinkley 1997, from Hand et al. 1994, A Handbook of Small Data Sets),
// counted by year, agree in every year but 1941-1942, where one explosion
// dated 1942.0007 (the first hours of 1942 in boot's year fractions) is
// counted in 1941 here as by Carlin et al.; and the yearly series quoted
// with the Carlin et al. citation in public course code agrees exactly.
// BUGS's "coal mining" example uses a variant with 188 disasters (it
// differs in 1891, 1931, 1941, 1942 and 1962); this is not that variant.
func CoalDisasters() (years, counts []int) {
	counts = append([]int(nil), coalCounts[:]...)
	years = make([]int, len(counts))
	for i := range years {
		years[i] = CoalFirstYear + i
	}
	return years, counts
}
