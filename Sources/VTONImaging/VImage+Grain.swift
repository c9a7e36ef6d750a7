import CVipsShim

extension VImage {
    /// Fine grey grain of this standard deviation, the same for the same seed. Generated
    /// images carry texture down to the pixel; a flat drawing compresses to a fraction of a
    /// real one's size, and sizes are what memory, bandwidth and limits are tested against.
    public func withGrain(sigma: Double, seed: Int32) throws(ImagingError) -> VImage {
        try derive { cvips_add_grain(pointer, $0, sigma, seed) }
    }
}
