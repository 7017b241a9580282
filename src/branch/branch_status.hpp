#pragma once
// A branch's status (importing / failed / complete), kept where users and
// `pgimport branches list` can see it. (Placeholder: filled in by the branches work.)

namespace pgimport::branch {}
