#include "verify/verify.hpp"
