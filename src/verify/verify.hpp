#pragma once
// Proves a branch equals its source. (Placeholder: filled in by the verify work.)

namespace pgimport::verify {}
